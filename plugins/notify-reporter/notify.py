#!/usr/bin/env python3
"""notify-reporter: tells reporters what became of their reports, through a gateway command.

Reads the batch of case events (JSON lines, schema wangge/event/1) on standard input. For each:
- handle: remembers the handling result for the case's closing message;
- feed_back: sends the feedback;
- close / reject: sends the result.
A message goes through the tenant's gateway command (WANGGE_SETTING_GATEWAY): one JSON object
on its standard input, exit status 0 once sent. Each event is acknowledged (its seq on standard
output) once handled; on a gateway failure the plugin stops, so that event and the rest are
delivered again later. Events are delivered at least once: what was sent is kept in sent.jsonl,
so a message is never sent twice. A reporter without a phone, or whose phone the plugin's
delegate may not see (masked), gets no message.
"""
import json
import os
import shlex
import subprocess
import sys

DATA = os.environ["WANGGE_PLUGIN_DATA"]
TENANT = os.environ.get("WANGGE_TENANT", "")
GATEWAY = shlex.split(os.environ.get("WANGGE_SETTING_GATEWAY", ""))
SIGNATURE = os.environ.get("WANGGE_SETTING_SIGNATURE", "网格化服务管理")
SENT = os.path.join(DATA, "sent.jsonl")
RESULTS = os.path.join(DATA, "results.json")


def load_sent():
    try:
        with open(SENT, encoding="utf-8") as f:
            return {json.loads(line)["seq"] for line in f if line.strip()}
    except FileNotFoundError:
        return set()


def load_results():
    try:
        with open(RESULTS, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save_results(results):
    temporary = RESULTS + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False)
    os.replace(temporary, RESULTS)


def text_for(event, results):
    case, note = event["case_id"], (event.get("note") or "").strip()
    kind = event["kind"]
    if kind == "feed_back":
        body = f"您反映的问题（编号{case}）有了办理反馈" + (f"：{note}" if note else "。")
    elif kind == "close":
        result = note or results.get(case, "")
        body = f"您反映的问题（编号{case}）已办结" + (f"，办理结果：{result}" if result else "。")
    else:
        body = f"您反映的问题（编号{case}）未予受理" + (f"，原因：{note}" if note else "。")
    return f"【{SIGNATURE}】{body}"


def main():
    if not GATEWAY:
        print("notify-reporter: the setting 'gateway' is not set", file=sys.stderr)
        return 1
    sent, results = load_sent(), load_results()
    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        seq, kind, case = event["seq"], event["kind"], event["case_id"]
        if kind == "handle":
            if event.get("result"):
                results[case] = event["result"]
                save_results(results)
        elif seq not in sent:
            phone = event.get("reporter_phone") or ""
            if phone and "*" not in phone:
                message = {"to": phone, "text": text_for(event, results), "case_id": case, "kind": kind, "tenant": TENANT}
                done = subprocess.run(GATEWAY, input=json.dumps(message, ensure_ascii=False), text=True)
                if done.returncode != 0:
                    print(f"notify-reporter: the gateway ended with {done.returncode} for event {seq}", file=sys.stderr)
                    return 1
                with open(SENT, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"seq": seq, "case_id": case, "kind": kind}) + "\n")
            if kind in ("close", "reject") and case in results:
                del results[case]
                save_results(results)
        print(seq, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
