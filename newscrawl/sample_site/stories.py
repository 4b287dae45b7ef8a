"""Deterministic news stories for the bundled sample site.

Each story is built from a topic's own sentences with its own names, places and
figures, so two stories never share more than a phrase here and there — which
is what lets the dedupe tests tell mirror copies from different stories.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

CITIES = [
    ("WASHINGTON", None), ("NEW YORK", None), ("CHICAGO", None), ("PHOENIX", None),
    ("DENVER", None), ("ATLANTA", None), ("SEATTLE", None), ("BOSTON", None),
    ("MIAMI", None), ("HOUSTON", None), ("SACRAMENTO", "Calif."), ("AUSTIN", "Texas"),
    ("ALBANY", "N.Y."), ("TALLAHASSEE", "Fla."), ("HELENA", "Mont."), ("SANTA FE", "N.M."),
    ("PORTLAND", "Ore."), ("NASHVILLE", "Tenn."), ("RALEIGH", "N.C."), ("BOISE", "Idaho"),
]
AGENCIES = ["AP", "AP", "AP", "Reuters"]
FIRST = ["Maria", "James", "Aisha", "Daniel", "Priya", "Robert", "Elena", "Marcus", "Grace", "Tomas",
         "Hannah", "Victor", "Leila", "Owen", "Naomi", "Felix", "Rosa", "Samuel", "Ingrid", "Kwame"]
LAST = ["Alvarez", "Whitfield", "Okafor", "Brennan", "Nakamura", "Castellanos", "Lindqvist", "Mbeki",
        "Harrington", "Delgado", "Fitzgerald", "Kowalski", "Ramirez", "Thornton", "Yilmaz", "Abernathy",
        "Chandra", "Gallagher", "Moreau", "Sørensen"]
ROLES = ["state senator", "county commissioner", "agency spokesperson", "city council member",
         "policy analyst", "union leader", "school superintendent", "emergency manager",
         "hospital administrator", "economist"]

TOPICS = {
    "water": {
        "headlines": ["{City} water district approves ${n} million plan to fix aging pipes",
                      "Drought forces {city} farmers to cut planting by {pct}%"],
        "sentences": [
            "The {body} voted {a}-{b} on {day} to approve the plan, which will replace about {n} miles of pipe installed before 1960.",
            "{name}, a {role}, said the district loses roughly {pct}% of its treated water to leaks every year.",
            "Residents will see their monthly bills rise by about ${small} over the next {years} years to pay for the work.",
            "Engineers found that {n} of the district's {big} main lines were past their expected service life.",
            "“We have been patching the same pipes for decades, and the patches are failing,” {name} said.",
            "Farm groups warned that the reservoir serving the valley stood at {pct}% of capacity at the end of the month.",
            "State regulators have given the district until {month} to submit a detailed construction schedule.",
            "Critics argued that the {body} should have sought federal infrastructure money before raising rates.",
            "The first phase of construction is expected to begin near the {place} treatment plant in {month}.",
            "Officials said the work will be done at night where possible to limit traffic disruptions.",
        ],
    },
    "schools": {
        "headlines": ["{City} schools weigh four-day week as teacher shortage deepens",
                      "Voters in {city} back ${n} million bond for new classrooms"],
        "sentences": [
            "The district has {n} unfilled teaching positions, up from {small} at the same point last year.",
            "{name}, the {role}, told parents at a packed meeting on {day} that no final decision had been made.",
            "A survey of {big} families found that {pct}% opposed shortening the school week.",
            "Supporters say a four-day schedule would help recruit teachers from neighboring districts that pay more.",
            "“Our students deserve a full-time teacher in every classroom,” {name} said.",
            "The bond would pay for {small} new school buildings and repairs to heating systems at {n} others.",
            "Enrollment in the district has grown by {pct}% since 2019, driven by new housing on the city's edge.",
            "The school board is expected to vote on the proposal in {month} after two more public hearings.",
            "Child care providers warned that they cannot absorb thousands of children on the fifth day.",
            "A similar plan adopted in {place} three years ago has had mixed results on test scores.",
        ],
    },
    "transit": {
        "headlines": ["{City} transit agency cuts {n} bus routes as ridership lags",
                      "Federal grant revives stalled rail line in {city}"],
        "sentences": [
            "Weekday ridership remains about {pct}% below where it was before the pandemic, the agency said.",
            "The {body} approved the service changes on {day} after hearing from more than {n} residents.",
            "{name}, a {role}, said the cuts would fall hardest on night-shift workers without cars.",
            "The agency faces a budget gap of ${n} million next year once federal relief money runs out.",
            "“Every route we cut is a job someone can no longer reach,” {name} said.",
            "The rail line would connect the {place} neighborhood to downtown in about {small} minutes.",
            "Construction had stopped in {month} when costs rose by {pct}% above the original estimate.",
            "Transit advocates plan to rally outside city hall before the next board meeting.",
            "Officials said they would add service on the busiest corridors to make up for part of the losses.",
            "The agency will publish new timetables at least {small} weeks before the changes take effect.",
        ],
    },
    "wildfire": {
        "headlines": ["Wildfire near {city} grows to {big} acres, forcing evacuations",
                      "Crews gain ground on fire that burned {n} homes outside {city}"],
        "sentences": [
            "The fire had burned about {big} acres by {day} evening and was {pct}% contained, fire officials said.",
            "Evacuation orders covered roughly {n} homes in the hills above the {place} valley.",
            "{name}, a {role}, said gusty winds and low humidity were expected to continue through the weekend.",
            "More than {n} firefighters, supported by {small} helicopters, were assigned to the blaze.",
            "“We are asking people to leave when they are told to leave, not an hour later,” {name} said.",
            "The cause of the fire was under investigation, though officials said power lines were being examined.",
            "An evacuation center opened at a high school gymnasium and took in {small} families overnight.",
            "Smoke from the fire pushed air quality into the unhealthy range across much of the region.",
            "The governor declared a state of emergency for the county, freeing up state money for the response.",
            "Residents who returned to the {place} area found several streets lined with burned-out cars.",
        ],
    },
    "economy": {
        "headlines": ["{City} employers added {n} jobs last month, beating forecasts",
                      "Rising rents push {city} families further from downtown"],
        "sentences": [
            "The region's unemployment rate fell to {small}.{digit}% in {month}, according to state labor data.",
            "Health care and construction accounted for most of the gains, while retail lost about {n} jobs.",
            "{name}, an {role}, said wage growth had slowed but remained ahead of inflation for most workers.",
            "Median rent for a two-bedroom apartment reached ${big} a month, up {pct}% from a year earlier.",
            "“People are moving farther out and driving longer to work because that is what they can afford,” {name} said.",
            "A report released on {day} found that {pct}% of renters in the city spend more than a third of their income on housing.",
            "The city council is considering a measure to speed approval of apartment projects near transit.",
            "Landlord groups said higher property taxes and insurance costs were driving the increases.",
            "Economists expect hiring to cool in the coming months as borrowing costs stay high.",
            "Small businesses in the {place} district reported trouble filling jobs that pay less than ${small} an hour.",
        ],
    },
    "health": {
        "headlines": ["{City} hospital opens clinic to cut emergency room waits",
                      "Measles cases climb to {small} in {city} area, officials urge vaccination"],
        "sentences": [
            "Patients waited an average of {small} hours in the emergency department last year, the hospital said.",
            "The new clinic will treat minor injuries and illnesses from 7 a.m. to 11 p.m., seven days a week.",
            "{name}, a {role}, said about {pct}% of emergency visits could be handled in an urgent care setting.",
            "Health officials confirmed {small} new cases on {day}, all among people who had not been vaccinated.",
            "“Two doses of the vaccine are the best protection we have,” {name} said.",
            "People who visited the {place} community center on two days last week may have been exposed, officials said.",
            "The county will hold free vaccination clinics at {small} libraries through the end of {month}.",
            "Vaccination rates among kindergartners in the county have dropped to {pct}%, below the level needed to stop outbreaks.",
            "The hospital said it hired {n} nurses for the clinic and expects to see about {big} patients a year.",
            "Doctors urged parents to call ahead before bringing a child with a fever and rash to a clinic.",
        ],
    },
    "courts": {
        "headlines": ["Judge blocks {city} ordinance limiting short-term rentals",
                      "Jury awards ${n} million to family in {city} police case"],
        "sentences": [
            "U.S. District Judge {name} issued a preliminary injunction on {day}, finding the rule likely violated property rights.",
            "The ordinance would have capped short-term rentals at {small} nights a year in the {place} neighborhood.",
            "A lawyer for the city said officials were reviewing the decision and had not decided whether to appeal.",
            "The jury deliberated for about {small} hours before returning its verdict in the civil trial.",
            "“This verdict tells the city that what happened was not acceptable,” the family's attorney said.",
            "Homeowners who rent their properties argued the rule would wipe out income many rely on.",
            "City attorneys said the ordinance was meant to return about {n} homes to the long-term rental market.",
            "The case is one of {small} lawsuits filed against the city over police conduct since 2020.",
            "{name}, a {role}, said the ruling could affect similar rules in other cities in the state.",
            "A hearing on the city's motion for a new trial is scheduled for {month}.",
        ],
    },
    "energy": {
        "headlines": ["Utility proposes {pct}% rate increase for {city} customers",
                      "Solar farm near {city} wins approval despite neighbors' objections"],
        "sentences": [
            "The utility told regulators on {day} that it needs about ${n} million more a year to upgrade its grid.",
            "A typical household would pay roughly ${small} more a month if the increase is approved in full.",
            "{name}, a {role}, said the company should cut executive pay before asking customers for more.",
            "The solar farm would cover about {big} acres of former ranch land and power roughly {n} homes.",
            "“We are not against clean energy, we are against putting it right next to our houses,” one neighbor said.",
            "County commissioners approved the permit {a}-{b} after a hearing that ran past midnight.",
            "The state utility commission will hold public hearings in {month} before ruling on the request.",
            "Developers agreed to plant trees along the {place} road to screen the panels from view.",
            "Consumer advocates said the utility's profits rose {pct}% last year.",
            "Construction is expected to take about {small} months and employ several hundred workers.",
        ],
    },
}
BODIES = ["city council", "board of directors", "county board", "water board", "school board", "transit board"]
PLACES = ["Riverside", "Oak Hill", "Lakeview", "Cedar Creek", "Millbrook", "Eastgate", "Pine Ridge",
          "Harbor Point", "Stonebridge", "Willow Bend", "Granite Falls", "Maple Grove"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
CITY_NAMES = ["Riverton", "Fairview", "Lakewood", "Brookhaven", "Clearwater", "Ashland", "Milford",
              "Greenville", "Westfield", "Kingston", "Bristol", "Georgetown", "Salem", "Dover", "Marion"]
CREDIT_LINES = [
    "Associated Press writers {n1} and {n2} contributed to this report.",
    "{n1} reported from {place}. Associated Press writer {n2} contributed.",
]


@dataclass
class Story:
    """One news story as the sample site publishes it."""

    key: str
    headline: str
    paragraphs: list[str]
    credit: str | None
    category: str
    topic: str
    reactions: int


def make_stories(count: int, seed: int = 2025) -> list[Story]:
    """``count`` different stories, the same ones for the same ``seed``."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    stories = []
    for i in range(count):
        topic = topics[i % len(topics)]
        stories.append(_make_story(rng, f"s{i:03d}", topic, variant=i // len(topics)))
    return stories


def _make_story(rng: random.Random, key: str, topic: str, variant: int) -> Story:
    bank = TOPICS[topic]
    city = rng.choice(CITY_NAMES)
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    slots = {
        "City": city, "city": city, "name": person, "role": rng.choice(ROLES), "body": rng.choice(BODIES),
        "place": rng.choice(PLACES), "month": rng.choice(MONTHS), "day": rng.choice(DAYS),
        "n": rng.randint(12, 480), "big": f"{rng.randint(1, 40)},{rng.randint(100, 999)}",
        "small": rng.randint(2, 9), "pct": rng.randint(6, 64), "years": rng.randint(3, 12),
        "a": rng.randint(4, 7), "b": rng.randint(0, 3), "digit": rng.randint(0, 9),
    }
    headline = bank["headlines"][variant % len(bank["headlines"])].format(**slots)
    sentences = rng.sample(bank["sentences"], k=rng.randint(6, 9))
    paragraphs = []
    while sentences:
        take = 1 if rng.random() < 0.6 else 2
        paragraphs.append(" ".join(s.format(**slots) for s in sentences[:take]))
        sentences = sentences[take:]
    dateline_city, state = rng.choice(CITIES)
    place = f"{dateline_city}, {state}" if state else dateline_city
    agency = rng.choice(AGENCIES)
    paragraphs[0] = f"{place} ({agency}) — {paragraphs[0]}"
    credit = None
    if rng.random() < 0.5:
        n1 = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        n2 = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        credit = rng.choice(CREDIT_LINES).format(n1=n1, n2=n2, place=rng.choice(PLACES))
    category = rng.choice(["News", "My", "Finance", "Stocks", "Invest", "reviews"])
    return Story(key, headline, paragraphs, credit, category, topic, rng.randint(0, 120))


def edited_copy(story: Story, rng: random.Random) -> Story:
    """A mirror's republication: same story, one sentence reworded, one dropped."""
    paragraphs = list(story.paragraphs)
    if len(paragraphs) > 4:
        paragraphs.pop(rng.randrange(2, len(paragraphs)))
    i = rng.randrange(1, len(paragraphs))
    paragraphs[i] = paragraphs[i].replace(" said", " told reporters", 1).replace("The ", "This ", 1)
    return Story(story.key, story.headline, paragraphs, story.credit, story.category, story.topic,
                 rng.randint(0, 120))


def story_from_seed_text(text: str) -> Story | None:
    """Rebuild a story from a page's visible text (the format of the seed file):
    title on line 2, body up to the reaction line, credit after ``___``."""
    lines = [line.strip() for line in text.splitlines()]
    if len(lines) < 5 or not lines[0].startswith("Current:"):
        return None
    headline = lines[1]
    category = lines[0].split(">", 1)[-1].strip()
    category = category[: category.find(headline)] if headline in category else "News"
    body, credit, target = [], [], None
    reactions = 0
    for line in lines[3:]:
        if line.startswith("veryGood!"):
            digits = "".join(ch for ch in line if ch.isdigit())
            reactions = int(digits or 0)
            break
        if line == "___":
            target = credit
            continue
        if line:
            (credit if target is credit else body).append(line)
    return Story("seed", headline, body, " ".join(credit) or None, category or "News", "seed", reactions)
