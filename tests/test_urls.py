import pytest

from newscrawl.urls import InvalidURL, clean_url, url_key


@pytest.mark.parametrize(
    "variant",
    [
        "http://news.example.com/html/abc123def.html",
        "https://news.example.com/html/abc123def.html",
        "http://www.news.example.com/html/abc123def.html",
        "http://NEWS.example.com:80/html/abc123def.html",
        "http://news.example.com/html/abc123def.html#comments",
        "http://news.example.com/html/abc123def.html?utm_source=x&utm_medium=y",
        "http://news.example.com/html/abc123def.html?fbclid=abc&gclid=def",
    ],
)
def test_variants_of_one_page_share_a_key(variant):
    assert url_key(variant) == url_key("http://news.example.com/html/abc123def.html")


def test_meaningful_query_parameters_are_kept_and_ordered():
    assert url_key("http://a.example/list?page=2&cat=3") == url_key("http://a.example/list?cat=3&page=2")
    assert url_key("http://a.example/list?page=2") != url_key("http://a.example/list?page=3")


def test_other_ports_and_paths_stay_distinct():
    assert url_key("http://127.0.0.1:8001/html/a.html") != url_key("http://127.0.0.1:8002/html/a.html")
    assert url_key("http://a.example/html/a.html") != url_key("http://a.example/news/a.html")


def test_clean_url_drops_tracking_and_fragment_but_keeps_scheme():
    assert clean_url("https://A.example/x.html?utm_campaign=z&id=7#top") == "https://a.example/x.html?id=7"


@pytest.mark.parametrize("bad", ["notaurl", "ftp://a.example/x", "javascript:alert(1)", "http://", "/relative/path"])
def test_invalid_urls_are_rejected(bad):
    with pytest.raises(InvalidURL):
        clean_url(bad)


@pytest.mark.parametrize("bad", ["http://h:99999/x", "http://h:abc/x", "http://[::1/x", "http://h:-1/x"])
def test_a_bad_port_or_host_is_an_invalid_url_not_a_crash(bad):
    with pytest.raises(InvalidURL):
        clean_url(bad)
    with pytest.raises(InvalidURL):
        url_key(bad)
