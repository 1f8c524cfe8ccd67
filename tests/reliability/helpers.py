"""Helpers for the reliability tests: run the real `ropa` command in a process, and fingerprint files."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def ropa(*argv, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`python -m ropa_app ARGV` in a child process (bytes arguments are passed through as they are)."""
    full_env = {**os.environ, **(env or {})}
    args = [a if isinstance(a, bytes) else str(a) for a in argv]
    return subprocess.run([sys.executable, "-m", "ropa_app", *args], capture_output=True, env=full_env,
                          timeout=timeout, **kwargs)


def clean_failure(done: subprocess.CompletedProcess, code: int = 1) -> str:
    """Assert the run failed with ``code`` and a message, no traceback; returns the message."""
    err = done.stderr.decode("utf-8", "replace") if isinstance(done.stderr, bytes) else done.stderr
    assert done.returncode == code, (done.returncode, err)
    assert "Traceback" not in err and err.strip()
    return err
