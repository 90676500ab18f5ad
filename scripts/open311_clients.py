"""Independent Open311 clients against a live Wangge deployment.

Runs three published GeoReport v2 client libraries, as downloaded from PyPI, against
every city of a fresh deployment: three and open311 (written for Python 2;
scripts/open311-clients converts them with lib2to3, their code otherwise unchanged) file
and follow requests and resolve tokens; georeport (Python 3, a reader) lists services,
reads definitions and follows what the others filed — in XML and JSON where the library
speaks both. Any exception or wrong answer fails the run.

Environment: WANGGE_URL (the server), WANGGE_CITIES ("key:api_key:grid" entries separated
by spaces), WANGGE_POINT ("key:lat:long:expected grid", a point routed by boundaries),
WANGGE_NOWHERE ("key:lat:long", a point in no grid).
"""
import os
import sys

import georeport
import three
from open311 import Open311

failures = []


def check(condition, what):
    if condition:
        print(f"  ok   {what}")
    else:
        print(f"  FAIL {what}")
        failures.append(what)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def run_city(base, city, key, grid):
    root = f"{base}/t/{city}/open311/v2"
    print(f"{city}: {root}")
    filed_ids = []
    for fmt in ("json", "xml"):
        client = three.Three(root, api_key=key, format=fmt)
        services = client.services()
        services = as_list(services.get("service") if isinstance(services, dict) else services)
        check(len(services) > 0, f"three {fmt}: services")
        code = services[0]["service_code"]
        filed = client.post(code, address_id=grid, description="路灯不亮", name="San Zhang", phone="13900000000")
        filed = as_list(filed.get("request") if isinstance(filed, dict) else filed)
        request_id = filed[0]["service_request_id"]
        check(client.post_response.status_code == 201 and bool(request_id), f"three {fmt}: filed {request_id}")
        one = client.request(request_id)
        one = as_list(one.get("request") if isinstance(one, dict) else one)
        check(one[0]["service_request_id"] == request_id, f"three {fmt}: follows its request")
        listed = client.requests(code, status="open")
        listed = as_list(listed.get("request") if isinstance(listed, dict) else listed)
        check(any(r["service_request_id"] == request_id for r in listed), f"three {fmt}: lists it")
        check("San" not in str(listed) and "13900000000" not in str(listed), f"three {fmt}: no personal data in public reads")
        filed_ids.append((code, request_id))

    client = Open311(endpoint=root, api_key=key, format="xml")
    services = as_list(client.service_list())
    check(len(services) > 0, "open311 xml: service list")
    code = services[0]["service_code"]
    posted = client.post_service_request(service_code=code, address_id=grid, description="井盖缺失")
    request_id = as_list(posted["service_requests"]["request"])[0]["service_request_id"]
    check(bool(request_id), f"open311 xml: filed {request_id}")
    one = client.get_service_request(request_id)
    check(as_list(one["service_requests"]["request"])[0]["service_request_id"] == request_id, "open311 xml: follows its request")
    listed = as_list(client.service_requests(status="open"))
    check(any(r["service_request_id"] == request_id for r in listed), "open311 xml: lists it")
    filed_ids.append((code, request_id))

    for fmt in ("json", "xml"):
        client = georeport.GeoReport(root, output_format=fmt)
        services = as_list(client.get_service_list())
        check(len(services) > 0 and all("service_code" in s for s in services), f"georeport {fmt}: services")
        definition = client.get_service_definition(services[0]["service_code"])
        check(definition.get("service_code") == services[0]["service_code"], f"georeport {fmt}: service definition")
        for code, request_id in filed_ids:
            one = client.get_service_request(request_id)
            check(one["service_request_id"] == request_id and one["status"] == "open", f"georeport {fmt}: follows {request_id}")
        ids = ",".join(request_id for _, request_id in filed_ids)
        listed = as_list(client.get_service_requests(service_request_id=ids))
        check(sorted(r["service_request_id"] for r in listed) == sorted(i for _, i in filed_ids), f"georeport {fmt}: requests by ids")
        listed = as_list(client.get_service_requests(service_code=filed_ids[0][0], status="open,closed"))
        check(any(r["service_request_id"] == filed_ids[0][1] for r in listed), f"georeport {fmt}: requests by code and statuses")


def run_point(base, city, key, lat, long, expected):
    root = f"{base}/t/{city}/open311/v2"
    poster = three.Three(root, api_key=key, format="xml")
    code = as_list(poster.services()["service"])[0]["service_code"]
    request_id = as_list(poster.post(code, lat=lat, long=long, description="by a point")["request"])[0]["service_request_id"]
    one = georeport.GeoReport(root, output_format="xml").get_service_request(request_id)
    check(one["address_id"] == expected and float(one["lat"]) == float(lat), f"{city}: a point ({lat}, {long}) lands in grid {expected}")


def run_nowhere(base, city, key, lat, long):
    root = f"{base}/t/{city}/open311/v2"
    client = three.Three(root, api_key=key, format="xml")
    code = as_list(client.services()["service"])[0]["service_code"]
    filed = client.post(code, lat=lat, long=long, description="nowhere")
    token = as_list(filed["request"])[0].get("token")
    check(bool(token), f"{city}: a point in no grid gets a token ({token})")
    answer = client.token(token)
    check(as_list(answer["request"])[0].get("token") == token, f"{city}: three reads the token")
    opened = Open311(endpoint=root, api_key=key, format="xml").request_id_from_token(token)
    check(as_list(opened)[0].get("token") == token, f"{city}: open311 reads the token")


def main():
    base = os.environ["WANGGE_URL"].rstrip("/")
    for entry in os.environ["WANGGE_CITIES"].split():
        city, key, grid = entry.split(":")
        run_city(base, city, key, grid)
    keys = {entry.split(":")[0]: entry.split(":")[1] for entry in os.environ["WANGGE_CITIES"].split()}
    if os.environ.get("WANGGE_POINT"):
        city, lat, long, expected = os.environ["WANGGE_POINT"].split(":")
        run_point(base, city, keys[city], lat, long, expected)
    if os.environ.get("WANGGE_NOWHERE"):
        city, lat, long = os.environ["WANGGE_NOWHERE"].split(":")
        run_nowhere(base, city, keys[city], lat, long)
    print(f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


main()
