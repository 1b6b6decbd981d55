"""Datasette (from PyPI) serves the SQLite export: full-text search and facets over HTTP.

The server listens on 127.0.0.1 on a free port, is asked a bounded number of times, and is
always stopped."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from roadmaps import export as X
from roadmaps.model import Registry

DATASETTE = str(Path(sys.executable).with_name("datasette"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(registry: Registry, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "roadmaps.db"
    X.write_sqlite(X.Snapshot.of(registry, dt.date(2024, 6, 30)), path)
    port = free_port()
    metadata = str(tmp_path / "roadmaps.metadata.json")
    process = subprocess.Popen(
        [DATASETTE, "serve", str(path), "-m", metadata, "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # at most about 30 s to start
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode() if process.stderr else "")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            raise AssertionError("datasette did not start")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_datasette_searches_programs_and_sources(server: str):
    found = get(f"{server}/roadmaps/programs.json?_search=gas&_shape=array")
    assert "gas-market" in [row["id"] for row in found]
    assert all("gas" in json.dumps(row).lower() for row in found)
    sources = get(f"{server}/roadmaps/sources.json?_search=kremlin&_shape=array")
    assert sources and all("kremlin" in json.dumps(row).lower() for row in sources)


def test_datasette_facets_programs_by_status(server: str, registry: Registry):
    doc = get(f"{server}/roadmaps/programs.json?_facet=status")
    counts = {r["value"]: r["count"] for r in doc["facet_results"]["status"]["results"]}
    assert sum(counts.values()) == len(registry.programs)
    assert counts["stalled"] >= 1


def test_datasette_shows_the_metadata(server: str):
    meta = get(f"{server}/-/metadata.json")
    assert meta["license"] == "Creative Commons Attribution 4.0 International"
    assert meta["databases"]["roadmaps"]["tables"]["programs"]["facets"] == [
        "status",
        "plan",
        "sector",
    ]
