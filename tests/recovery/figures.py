"""The figures a recovery test prints for the CI log: kills survived, items lost, duplicates, recovery time."""

from __future__ import annotations


def report(
    capsys,
    scenario: str,
    *,
    kills: int = 0,
    flushes: int = 0,
    lost: int,
    duplicates: int,
    seconds: float,
) -> str:
    line = (
        f"RECOVERY {scenario}: kills survived={kills}, broker flushes survived={flushes}, "
        f"items lost={lost}, duplicates accepted={duplicates}, recovery time={seconds:.1f}s"
    )
    with capsys.disabled():  # past pytest's capture, so the run's log always shows the figures
        print("\n" + line)
    return line
