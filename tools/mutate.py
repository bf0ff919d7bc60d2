"""Break the named rules one at a time and see that a test fails (issue 18's mutations).

    python tools/mutate.py . tools/mutations.toml

Each entry in the TOML file replaces one exact piece of source (`old`, found once) with `new`,
runs `tests`, and puts the file back. KILLED means a test failed, as it should; SURVIVED
means no test noticed the broken rule.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path


def main() -> int:
    repo, spec = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    mutations = tomllib.loads(spec.read_text(encoding="utf-8"))["m"]
    env = dict(os.environ, PYTHONPATH=str(repo))
    survived = 0
    for m in mutations:
        path = repo / m["file"]
        source = path.read_text(encoding="utf-8")
        if source.count(m["old"]) != 1:
            print(f"SKIP     {m['name']}: the text to change is found {source.count(m['old'])} times")
            continue
        path.write_text(source.replace(m["old"], m["new"]), encoding="utf-8")
        try:
            cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", m.get("n", "0")]
            out = subprocess.run([*cmd, *m["tests"].split()], cwd=repo, env=env, capture_output=True, text=True)
            last = (out.stdout.strip().splitlines() or ["?"])[-1]
            survived += out.returncode == 0
            print(f"{'KILLED  ' if out.returncode else 'SURVIVED'} {m['name']}: {last}")
        finally:
            path.write_text(source, encoding="utf-8")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main())
