"""Item pipelines. They see plain Article items, never responses."""
