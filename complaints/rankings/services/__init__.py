"""Services of the rankings app: the monthly snapshots and the daily open-data dump."""

from complaints.rankings.services.dump import opendata_dump_build
from complaints.rankings.services.snapshots import snapshots_write

__all__ = ["opendata_dump_build", "snapshots_write"]
