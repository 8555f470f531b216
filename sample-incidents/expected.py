#!/usr/bin/env python3
"""Computes every sample's expected.json from its events.jsonl and the EVENTS.md definitions.

Independent of the Swift analysis on purpose: a second reading of the definitions, so the
samples check the analysis instead of echoing it. The trigger and latent change of each
incident are decided by people (README.md of each sample says why) and listed in TRUTH.

    python3 sample-incidents/expected.py          # check: exit 1 when an expected.json differs
    python3 sample-incidents/expected.py --write  # rewrite them
"""
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

# incident id -> (trigger id or None, latent change id or None), by sample folder.
TRUTH = {
    "crowdstrike-2024-07-19": {
        "crowdstrike-2024-07-19": ("cs-channel-file-291", "cs-sensor-7.11"),
        "azure-centralus-2024-07-18": ("azure-storage-cluster-config-2024-07-18", None),
    },
    "canary-checkout-2024-09-12": {"INC-2024-0912-1": ("deploy-checkout-api-5.14.0-canary", None)},
    "flag-release-payments-2024-10-03": {
        "INC-2024-1003-7": ("release-flag-new-currency-rounding", "deploy-payments-api-8.3.0"),
    },
    "disk-full-orders-2024-11-05": {"INC-2024-1105-2": (None, None)},
    # Public incidents rebuilt from published post-mortems (README.md of each folder cites the sources).
    "cloudflare-waf-2019-07-02": {"cloudflare-2019-07-02-waf": ("waf-rules-4186", None)},
    "cloudflare-bot-management-2025-11-18": {"cloudflare-2025-11-18": ("clickhouse-grants-r0-explicit", None)},
    "fastly-2021-06-08": {"fastly-2021-06-08": ("service-config-7731-v12", "deploy-edge-cache-2021-05-12")},
    "gcp-service-control-2025-06-12": {"gcp-2025-06-12-service-control": ("quota-policy-551020", "deploy-service-control-2025-05-29")},
    "facebook-2021-10-04": {"facebook-2021-10-04": ("backbone-maint-3304", None)},
    "aws-s3-2017-02-28": {"aws-s3-2017-02-28": ("playbook-remove-billing-capacity", None)},
    "datadog-2023-03-08": {"datadog-2023-03-08": ("unattended-upgrades-2023-03-08", "base-image-ubuntu-22.04")},
    "github-2018-10-21": {"github-2018-10-21": ("maint-replace-100g-optics-use", None)},
    "slack-2021-01-04": {"slack-2021-01-04": (None, None)},
    "cloudflare-pdx-2023-11-02": {"cloudflare-2023-11-02": (None, None)},
    "salesforce-2021-05-11": {"salesforce-2021-05-11": ("dns-change-ebf-hyperforce-au", None)},
    "knight-capital-2012-08-01": {"knight-2012-08-01": ("release-rlp-orders", "deploy-smars-rlp")},
    "aws-kinesis-2020-11-25": {"aws-kinesis-2020-11-25": ("kinesis-frontend-capacity-addition", None)},
    "aws-dynamodb-2025-10-20": {"aws-us-east-1-2025-10-20": ("aws-ddb-dns-plan-g84713-az1-regional", None)},
    "gcp-europe-west2-2022-07-19": {"gcp-europe-west2-2022-07-19": (None, None)},
    "circleci-2022-03-01": {"circleci-2022-03-01": (None, None)},
    "slack-2020-05-12": {
        "slack-2020-05-12-vitess-load": ("slack-flag-rollout-2020-05-12", None),
        "slack-2020-05-12-unable-to-connect": (None, None),
    },
    "gitlab-2017-01-31": {
        "gitlab-2017-01-31-db-load": (None, None),
        "gitlab-2017-01-31-data-removal": ("gitlab-db1-rm-data-dir", None),
    },
    "cloudflare-2020-08-30": {"cloudflare-2020-08-30-centurylink": (None, None)},
    "github-2026-07-13": {"github-2026-07-13-actions": ("gh-actions-autoscale-change-1305", None)},
    "github-2026-02-26": {"github-2026-02-26-code-view": ("gh-code-view-deploy-2026.02.26.2155", None)},
    "github-2024-07-24": {"github-2024-07-24-team-sync": ("gh-flag-select-panel-team-groups-on", None)},
    "azure-ad-2021-03-15": {"azure-ad-2021-03-15": ("aad-key-cleanup-2021-03-15", None)},
    "github-2025-08-05": {
        "github-2025-08-05-pr-migration": ("gh-migration-pull-requests-drop-column", None),
        "github-2025-08-05-pr-canary": ("gh-envupdate-custom-canary-2025-08-05", None),
    },
    "cloudflare-r2-2025-03-21": {"cloudflare-2025-03-21-r2": ("r2-storage-credential-delete-old", None)},
    "cloudflare-2022-06-21": {"cloudflare-2022-06-21": ("netcfg-syd", None)},
    "spotify-2022-03-08": {"spotify-2022-03-08": (None, None)},
    "square-2023-02-06": {"square-2023-02-06": (None, None)},
    "stripe-2019-07-10": {"stripe-2019-07-10-first": (None, None), "stripe-2019-07-10-second": ("rollback-payments-db-engine-2019.01", "config-payments-db-shards-r318")},
    "aws-euc1-2021-06-10": {"aws-euc1-2021-06-10": (None, None)},
    "google-2020-12-14": {"google-2020-12-14": ("quota-adjust-uid-quota-7017", "quota-registration-user-id-service-2020-10")},
    "cloudflare-1111-2025-07-14": {"cloudflare-2025-07-14-1111": ("dls-topology-test-location-2025-07-14", "dls-topology-2025-06-06")},
    "gce-2016-04-11": {"gce-2016-04-11": ("gce-network-ipblock-removal", None)},
    "openai-2024-12-11": {"openai-2024-12-11": ("deploy-k8s-telemetry-service", None)},
    "reddit-2023-03-14": {"reddit-2023-03-14": ("k8s-upgrade-1.24-legacy-pet", None)},
    "atlassian-2022-04-05": {"atlassian-2022-04-05": ("insight-deactivation-7-site-84493", None)},
}
LOOKBACK_MS = 3600 * 1000
SIGNALS = {"alert", "crash", "report"}


def ms(text):
    t = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return int(t.timestamp() * 1000)


def rfc3339(value):
    if value is None:
        return None
    t = datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    if value % 1000:
        s += ".%03d" % (value % 1000)
    return s + "Z"


def load(path):
    events = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        e = json.loads(line)
        e["_t"] = ms(e["time"])
        events.append(e)
    return events


def analyse(events, incident, trigger, latent):
    lifecycle = [e for e in events if e["kind"] == "incident" and e.get("incident") == incident]
    if not lifecycle:
        raise SystemExit(f"{incident}: no incident events")
    first_of = lambda status: min((e["_t"] for e in lifecycle if e.get("status") == status), default=None)
    declared = first_of("declared")
    resolved = first_of("resolved")
    start = declared if declared is not None else min(e["_t"] for e in lifecycle)
    end = resolved if resolved is not None else max(e["_t"] for e in events)
    linked = [e for e in events if e["kind"] in SIGNALS and e.get("incident") == incident]
    services = {e["service"] for e in lifecycle} | {e["service"] for e in linked}
    unlinked = [
        e for e in events
        if e["kind"] in SIGNALS and "incident" not in e and e["service"] in services
        and start - LOOKBACK_MS <= e["_t"] <= max(end, start)
    ]
    signals = linked + unlinked
    impact = min((e["_t"] for e in signals), default=None)
    internal = [e["_t"] for e in signals if e["kind"] == "alert" and e.get("status", "firing") == "firing"]
    if declared is not None:
        internal.append(declared)
    detected = min(internal, default=None)
    report = min((e["_t"] for e in signals if e["kind"] == "report"), default=None)
    mitigations = [e["_t"] for e in lifecycle if e.get("status") == "mitigated"]
    if trigger:
        mitigations += [e["_t"] for e in events if e["kind"] == "rollback" and e.get("reverts") == trigger]
    mitigated = min(mitigations, default=None)
    crashes = [e for e in signals if e["kind"] == "crash"]
    regions = set()
    for e in crashes:
        region = (e.get("labels") or {}).get("region") or ((e.get("scope") or {}).get("regions") or [None])[0]
        if region:
            regions.add(region)
    since = lambda t: None if t is None or impact is None else (t - impact) // 1000
    return {
        "incident": incident,
        "trigger": trigger,
        "latent_change": latent,
        "impact_start": rfc3339(impact),
        "detected_at": rfc3339(detected),
        "first_external_report_at": rfc3339(report),
        "mitigated_at": rfc3339(mitigated),
        "resolved_at": rfc3339(resolved),
        "detection_lag_seconds": since(detected),
        "time_to_mitigate_seconds": since(mitigated),
        "time_to_resolve_seconds": since(resolved),
        "detected_externally_first": report is not None and (detected is None or report < detected),
        "blast_radius": {
            "hosts": len({e["host"] for e in crashes if e.get("host")}),
            "crashes": sum(e.get("count", 1) for e in crashes),
            "services": sorted({e["service"] for e in crashes}),
            "regions": sorted(regions),
        },
    }


def main():
    root = Path(__file__).resolve().parent
    write = "--write" in sys.argv[1:]
    failed = False
    for folder, incidents in TRUTH.items():
        events = load(root / folder / "events.jsonl")
        results = [analyse(events, i, *truth) for i, truth in incidents.items()]
        value = results[0] if len(results) == 1 else results
        text = json.dumps(value, indent=2) + "\n"
        path = root / folder / "expected.json"
        if write:
            path.write_text(text)
        elif not path.exists() or path.read_text() != text:
            print(f"{path}: differs from what events.jsonl gives (rerun with --write after checking why)")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
