"""Demo rankings and open data: the nightly snapshot and the daily ZIP, written once after the demo campaigns."""

from complaints.rankings.services import opendata_dump_build, snapshots_write


def load(out) -> None:
    rows = snapshots_write()
    dump = opendata_dump_build()
    out.write(f"  platform snapshots: {rows}; open data: {dump.size:,} bytes")
