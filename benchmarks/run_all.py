"""Run every benchmark (``benchmarks/bench_*.py``) in its own process and print what each reports.

Benchmarks print their figures and ratios; they assert nothing about time, because these machines
are shared and noisy. Pass names to run only some: ``python benchmarks/run_all.py classify``.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    failed = 0
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        failed += subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
