#!/usr/bin/env python3
"""A gateway for notify-reporter that sends nothing: it writes each message as a JSON file
into a spool folder (WANGGE_SETTING_SPOOL, else spool/ in the plugin's data folder), written
whole and then renamed, so a collector never sees half a file. For tests, and for SMS providers
that pick up files. A city's own gateway takes the same JSON on standard input and exits 0
once the message is sent."""
import json
import os
import sys
import time

folder = os.environ.get("WANGGE_SETTING_SPOOL") or os.path.join(os.environ["WANGGE_PLUGIN_DATA"], "spool")
os.makedirs(folder, exist_ok=True)
message = json.loads(sys.stdin.read())
name = f"{time.time_ns()}-{message['case_id']}-{message['kind']}.json"
temporary = os.path.join(folder, "." + name)
with open(temporary, "w", encoding="utf-8") as f:
    json.dump(message, f, ensure_ascii=False)
os.replace(temporary, os.path.join(folder, name))
