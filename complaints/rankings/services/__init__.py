"""Services of the rankings app: the monthly snapshots, the rankings counted from them, the open-data dump."""

from complaints.rankings.services.dump import opendata_dump_build
from complaints.rankings.services.ranking import rankings_write
from complaints.rankings.services.snapshots import snapshots_write

__all__ = ["opendata_dump_build", "rankings_write", "snapshots_write"]
