#!/usr/bin/env python3
"""The event-log hook: reads a batch of events (one JSON object per line) on standard input,
appends each to events.jsonl in the plugin's data folder, and acknowledges it by writing its
`seq` on standard output once it is safely on disk. An event already in the file (a batch
sent again after a crash) is not written twice."""
import json
import os
import sys

data = os.environ["WANGGE_PLUGIN_DATA"]
path = os.path.join(data, "events.jsonl")
seen = set()
if os.path.exists(path):
    with open(path, encoding="utf-8") as existing:
        for line in existing:
            if line.strip():
                seen.add(json.loads(line)["seq"])
with open(path, "a", encoding="utf-8") as log:
    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        if event["seq"] not in seen:
            log.write(json.dumps(event, ensure_ascii=False, sort_keys=True) + "\n")
            log.flush()
            os.fsync(log.fileno())
            seen.add(event["seq"])
        print(event["seq"], flush=True)
