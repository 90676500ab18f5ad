#!/usr/bin/env python3
"""export-exchange: the tenant's cases, catalogue and org data as dated JSON-lines and CSV files.

Layout, under the export folder (WANGGE_SETTING_FOLDER, else exchange/ in the plugin's data folder):
    <YYYY-MM-DD>/cases.jsonl      one case event per line (schema wangge/event/1), in delivery order
    <YYYY-MM-DD>/cases.csv        the same events, one row each
    <YYYY-MM-DD>/catalogue.jsonl  the catalogue in force that day, one item per line (+ .csv)
    <YYYY-MM-DD>/org.jsonl        the org units and grids that day, one per line (+ .csv)
    <YYYY-MM-DD>/manifest.json    {tenant, day, files: {name: {rows, sha256}}}, rewritten as files grow
    cursor.json                   {"seq": last event written}: events at or below it are skipped
The day of an event is the date of its `at` in China Standard Time (UTC+8).
"""
import csv
import datetime
import hashlib
import io
import json
import os
import sys

DATA = os.environ["WANGGE_PLUGIN_DATA"]
TENANT = os.environ.get("WANGGE_TENANT", "")
OUT = os.environ.get("WANGGE_SETTING_FOLDER") or os.path.join(DATA, "exchange")
SNAPSHOTS = os.path.join(DATA, "snapshots")
CASE_COLUMNS = ["seq", "case_id", "case_seq", "kind", "step", "at", "actor", "article", "late", "status", "item", "result"]
CATALOGUE_COLUMNS = ["code", "revision", "name", "category", "department", "timeLimit", "article", "scope"]
ORG_COLUMNS = ["id", "parentId", "level", "name", "divisionCode", "gridCode", "gridKind", "households"]
CST = datetime.timezone(datetime.timedelta(hours=8))


def day_of(timestamp):
    moment = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return moment.astimezone(CST).date().isoformat()


def read_json(path, default):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_json(path, value):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)


def cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def append_rows(folder, name, columns, rows):
    """Appends rows to <name>.jsonl and <name>.csv (with a header when new), durably."""
    os.makedirs(folder, exist_ok=True)
    jsonl, table = os.path.join(folder, name + ".jsonl"), os.path.join(folder, name + ".csv")
    new = not os.path.exists(table)
    with open(jsonl, "a", encoding="utf-8") as lines, open(table, "a", encoding="utf-8", newline="") as sheet:
        writer = csv.writer(sheet)
        if new:
            writer.writerow(columns)
        for row in rows:
            lines.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            writer.writerow([cell(row.get(column)) for column in columns])
        for f in (lines, sheet):
            f.flush()
            os.fsync(f.fileno())


def replace_rows(folder, name, columns, rows):
    """Writes <name>.jsonl and <name>.csv anew (a snapshot), each whole before it replaces the old."""
    os.makedirs(folder, exist_ok=True)
    lines = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    sheet = io.StringIO()
    writer = csv.writer(sheet)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    for suffix, text in ((".jsonl", lines), (".csv", sheet.getvalue())):
        path = os.path.join(folder, name + suffix)
        with open(path + ".tmp", "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(path + ".tmp", path)


def update_manifest(folder, day):
    files = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith((".jsonl", ".csv")):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                content = f.read()
            if name.endswith(".csv"):
                rows = max(0, sum(1 for _ in csv.reader(io.StringIO(content.decode("utf-8")))) - 1)
            else:
                rows = content.count(b"\n")
            files[name] = {"rows": rows, "sha256": hashlib.sha256(content).hexdigest()}
    write_json(os.path.join(folder, "manifest.json"), {"format": "wangge/exchange/1", "tenant": TENANT, "day": day, "files": files})


def catalogue_rows(items):
    rows = []
    for item in items:
        names = item.get("names") or {}
        rows.append({"code": item.get("code"), "revision": item.get("revision"), "name": names.get("zh") or next(iter(names.values()), ""),
                     "names": names, "category": item.get("category"), "department": item.get("department"),
                     "timeLimit": item.get("timeLimit"), "article": item.get("article"), "scope": item.get("scopeName")})
    return rows


def org_rows(units):
    rows = []
    for unit in units:
        grid = unit.get("grid") or {}
        rows.append({"id": unit.get("id"), "parentId": unit.get("parentId"), "level": unit.get("level"), "name": unit.get("name"),
                     "divisionCode": unit.get("divisionCode"), "gridCode": grid.get("code"), "gridKind": grid.get("kind"),
                     "households": grid.get("households")})
    return rows


def export_snapshots(touched):
    """Writes the day's catalogue and org files once per snapshot the platform took."""
    taken = read_json(os.path.join(SNAPSHOTS, "taken.json"), None)
    if taken is None:
        return
    marker = os.path.join(OUT, "snapshot.json")
    if read_json(marker, {}).get("at") == taken["at"]:
        return
    folder = os.path.join(OUT, taken["day"])
    if "catalogue.json" in taken["files"]:
        replace_rows(folder, "catalogue", CATALOGUE_COLUMNS, catalogue_rows(read_json(os.path.join(SNAPSHOTS, "catalogue.json"), [])))
    if "org.json" in taken["files"]:
        replace_rows(folder, "org", ORG_COLUMNS, org_rows(read_json(os.path.join(SNAPSHOTS, "org.json"), [])))
    touched.add(taken["day"])
    update_manifest(folder, taken["day"])
    write_json(marker, {"at": taken["at"], "day": taken["day"]})


def main():
    os.makedirs(OUT, exist_ok=True)
    cursor_file = os.path.join(OUT, "cursor.json")
    cursor = read_json(cursor_file, {"seq": 0})["seq"]
    touched = set()
    export_snapshots(touched)
    for line in sys.stdin:
        if not line.strip():
            continue
        event = json.loads(line)
        seq = event["seq"]
        if seq > cursor:
            day = day_of(event["at"])
            append_rows(os.path.join(OUT, day), "cases", CASE_COLUMNS, [event])
            touched.add(day)
            cursor = seq
            write_json(cursor_file, {"seq": cursor})
        print(seq, flush=True)
    for day in touched:
        update_manifest(os.path.join(OUT, day), day)
    return 0


if __name__ == "__main__":
    sys.exit(main())
