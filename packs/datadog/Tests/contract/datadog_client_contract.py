"""datadog-api-client, Datadog's official Python client (PyPI, pinned in setup-venv.sh), against the Datadog
emulator: every operation the datadog pack uses, on API v1 and v2 — metric queries (v1 and v2 timeseries), log
search with its cursor, events, monitors (list, get, search, delete), downtimes (list, create, cancel), hosts, SLOs
and their history, incidents — and an error answer.

Usage: datadog_client_contract.py BASE_URL API_KEY APPLICATION_KEY. Prints "OK <count>" when every check passed.
"""
import sys
import time

from datadog_api_client import ApiClient, Configuration
from datadog_api_client.exceptions import NotFoundException
from datadog_api_client.v1.api.downtimes_api import DowntimesApi
from datadog_api_client.v1.api.events_api import EventsApi
from datadog_api_client.v1.api.hosts_api import HostsApi
from datadog_api_client.v1.api.metrics_api import MetricsApi
from datadog_api_client.v1.api.monitors_api import MonitorsApi
from datadog_api_client.v1.api.service_level_objectives_api import ServiceLevelObjectivesApi
from datadog_api_client.v1.model.downtime import Downtime
from datadog_api_client.v1.model.event_create_request import EventCreateRequest
from datadog_api_client.v2.api.incidents_api import IncidentsApi
from datadog_api_client.v2.api.logs_api import LogsApi
from datadog_api_client.v2.api.metrics_api import MetricsApi as MetricsApiV2
from datadog_api_client.v2.model.incident_create_attributes import IncidentCreateAttributes
from datadog_api_client.v2.model.incident_create_data import IncidentCreateData
from datadog_api_client.v2.model.incident_create_request import IncidentCreateRequest
from datadog_api_client.v2.model.incident_type import IncidentType
from datadog_api_client.v2.model.logs_list_request import LogsListRequest
from datadog_api_client.v2.model.logs_list_request_page import LogsListRequestPage
from datadog_api_client.v2.model.logs_query_filter import LogsQueryFilter
from datadog_api_client.v2.model.logs_sort import LogsSort
from datadog_api_client.v2.model.metrics_data_source import MetricsDataSource
from datadog_api_client.v2.model.metrics_timeseries_query import MetricsTimeseriesQuery
from datadog_api_client.v2.model.query_formula import QueryFormula
from datadog_api_client.v2.model.timeseries_formula_query_request import TimeseriesFormulaQueryRequest
from datadog_api_client.v2.model.timeseries_formula_request import TimeseriesFormulaRequest
from datadog_api_client.v2.model.timeseries_formula_request_attributes import TimeseriesFormulaRequestAttributes
from datadog_api_client.v2.model.timeseries_formula_request_queries import TimeseriesFormulaRequestQueries
from datadog_api_client.v2.model.timeseries_formula_request_type import TimeseriesFormulaRequestType

base, api_key, application_key = sys.argv[1:4]
configuration = Configuration(host=base)
configuration.api_key["apiKeyAuth"] = api_key
configuration.api_key["appKeyAuth"] = application_key
configuration.unstable_operations["create_incident"] = True
checks = 0


def size(value):
    """The length of a list, or of a generated list model (its .value)."""
    return len(getattr(value, "value", value))


def check(condition, what):
    global checks
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    checks += 1


now = int(time.time())
with ApiClient(configuration) as client:
    metrics = MetricsApi(client).query_metrics(_from=now - 3600, to=now, query="avg:system.cpu.user{env:prod} by {host}")
    check(len(metrics.series) == 3 and len(metrics.series[0].pointlist) > 0, "query_metrics: %r" % metrics)

    timeseries = MetricsApiV2(client).query_timeseries_data(
        body=TimeseriesFormulaQueryRequest(
            data=TimeseriesFormulaRequest(
                type=TimeseriesFormulaRequestType.TIMESERIES_REQUEST,
                attributes=TimeseriesFormulaRequestAttributes(
                    _from=(now - 3600) * 1000,
                    to=now * 1000,
                    interval=60000,
                    queries=TimeseriesFormulaRequestQueries(
                        [MetricsTimeseriesQuery(data_source=MetricsDataSource.METRICS, query="avg:system.cpu.user{service:web} by {host}", name="cpu")]
                    ),
                    formulas=[QueryFormula(formula="cpu")],
                ),
            )
        )
    )
    check(size(timeseries.data.attributes.series) == 2 and size(timeseries.data.attributes.times) > 0, "timeseries")

    logs_api = LogsApi(client)
    request = LogsListRequest(
        filter=LogsQueryFilter(query="service:web status:error", _from="now-1h", to="now"),
        page=LogsListRequestPage(limit=2),
        sort=LogsSort.TIMESTAMP_DESCENDING,
    )
    first = logs_api.list_logs(body=request)
    check(len(first.data) == 2 and first.meta.page.after, "list_logs first page")
    every = list(logs_api.list_logs_with_pagination(body=request))
    check(len(every) == 6 and all(log.attributes.status == "error" for log in every), "list_logs pages: %d" % len(every))

    events_api = EventsApi(client)
    events = events_api.list_events(start=now - 7200, end=now, tags="host:web-1")
    check(len(events.events) == 2, "list_events: %r" % events)
    created = events_api.create_event(body=EventCreateRequest(title="Deploy", text="v2.15", tags=["env:prod"]))
    check(created.status == "ok" and created.event.id > 0, "create_event")

    monitors = MonitorsApi(client)
    monitor = monitors.get_monitor(monitor_id=1001, group_states="all")
    check(monitor.name == "CPU high on web-1" and str(monitor.overall_state) == "Alert", "get_monitor")
    check(len(monitors.list_monitors(monitor_tags="env:prod")) == 3, "list_monitors")
    found = monitors.search_monitors(query="status:alert")
    check(found.metadata.total_count == 1 and found.monitors[0].id == 1001, "search_monitors")
    try:
        monitors.get_monitor(monitor_id=999999)
        check(False, "get_monitor of an unknown id answered")
    except NotFoundException as error:
        check(error.status == 404 and "Monitor not found" in str(error.body), "404 body: %r" % error.body)

    downtimes = DowntimesApi(client)
    downtime = downtimes.create_downtime(
        body=Downtime(scope=["env:prod"], monitor_id=1001, end=now + 3600, message="[change CHG-PY] client check")
    )
    check(downtime.id > 0 and downtime.monitor_id == 1001, "create_downtime")
    check(any(d.id == downtime.id for d in downtimes.list_downtimes(current_only=True)), "list_downtimes")
    downtimes.cancel_downtime(downtime_id=downtime.id)
    check(all(d.id != downtime.id for d in downtimes.list_downtimes(current_only=True)), "cancel_downtime")

    hosts = HostsApi(client).list_hosts(filter="web")
    check(hosts.total_returned == 2 and hosts.host_list[0].name == "web-1", "list_hosts")

    slos_api = ServiceLevelObjectivesApi(client)
    slos = slos_api.list_slos(tags_query="service:web")
    check(len(slos.data) == 1, "list_slos")
    history = slos_api.get_slo_history(slo_id=slos.data[0].id, from_ts=now - 7 * 86400, to_ts=now)
    check(history.data.overall.sli_value > 99, "get_slo_history")

    incident = IncidentsApi(client).create_incident(
        body=IncidentCreateRequest(
            data=IncidentCreateData(
                type=IncidentType.INCIDENTS,
                attributes=IncidentCreateAttributes(title="Checkout down", customer_impacted=False),
            )
        )
    )
    check(incident.data.attributes.title == "Checkout down", "create_incident")

    deleted = monitors.delete_monitor(monitor_id=1003)
    check(deleted.deleted_monitor_id == 1003, "delete_monitor")

print("OK %d" % checks)
