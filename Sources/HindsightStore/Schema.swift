/// The store's SQL schema, one constant per migration: SQLite's here, PostgreSQL's in `PostgresSchema`.
enum Schema {
    /// One numbered step of the schema, under the same name on both backends.
    struct Migration {
        let name: String
        let sqlite: String
        let postgres: String
    }

    /// Every migration, in order. Released ones are never edited: add a new one instead. Both backends apply
    /// whichever named migrations a store lacks, so a store that has a later one but not an earlier one
    /// (the summaries before the team's action fields) is brought up to date all the same.
    static let migrations = [
        Migration(name: "1-events", sqlite: v1, postgres: PostgresSchema.v1),
        Migration(name: "2-incident-signal-indexes", sqlite: v2, postgres: PostgresSchema.v2),
        Migration(name: "3-change-lookups", sqlite: v3, postgres: PostgresSchema.v3),
        Migration(name: "4-retrospective-fields", sqlite: retrospectiveFields, postgres: PostgresSchema.retrospectiveFields),
        Migration(name: "service-catalog", sqlite: serviceCatalog, postgres: PostgresSchema.serviceCatalog),
        Migration(name: "unlinked-signals-covering-index", sqlite: unlinkedSignals, postgres: PostgresSchema.unlinkedSignals),
        Migration(name: "server-api-tokens", sqlite: apiTokens, postgres: PostgresSchema.apiTokens),
        Migration(name: "token-scopes-and-rotation", sqlite: tokenScopes, postgres: PostgresSchema.tokenScopes),
        Migration(name: "team-action-fields", sqlite: teamActionFields, postgres: PostgresSchema.teamActionFields),
        Migration(name: "incident-summaries", sqlite: incidentSummaries, postgres: PostgresSchema.incidentSummaries),
        Migration(name: "read-cache-revisions", sqlite: cacheRevisions, postgres: PostgresSchema.cacheRevisions),
        Migration(name: "incident-signals-one-index", sqlite: incidentSignals, postgres: PostgresSchema.incidentSignals),
    ]

    /// What the server's caches are kept under. A summary's `revision` changes each time it is recomputed
    /// (0: never computed): its rendered pages are kept until then. `api_token_revision` changes with
    /// every token write, by any process: the token table is read again only then. Both take random
    /// values, so a summary made again, or a store restored from a backup, never takes an old one back.
    static let cacheRevisions = """
        ALTER TABLE incident_summary ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE api_token_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
        INSERT INTO api_token_revision (id, revision) VALUES (1, 1);
        """

    /// Times are UTC milliseconds. `digest` is the content digest that tells a duplicate
    /// from a conflict. `scope`, `labels` and `attributes` hold the JSON text as ingested;
    /// `scope_percent`, `scope_hosts` and `region` are copies the queries can index and aggregate.
    static let v1 = """
        CREATE TABLE event (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            digest INTEGER NOT NULL,
            time INTEGER NOT NULL,
            kind TEXT NOT NULL,
            service TEXT NOT NULL,
            environment TEXT NOT NULL,
            summary TEXT,
            end_time INTEGER,
            version TEXT,
            reverts TEXT,
            status TEXT,
            incident TEXT,
            severity TEXT,
            title TEXT,
            host TEXT,
            count INTEGER NOT NULL,
            scope TEXT,
            scope_percent REAL,
            scope_hosts INTEGER,
            actor TEXT,
            source TEXT,
            url TEXT,
            labels TEXT,
            region TEXT,
            attributes TEXT
        );
        CREATE INDEX event_kind_time ON event(kind, time);
        CREATE INDEX event_service_kind_time ON event(service, kind, time);
        CREATE INDEX event_incident ON event(incident, time) WHERE incident IS NOT NULL;
        """

    /// Covering indexes over the events linked to an incident, so an incident's aggregates read
    /// the index alone, already grouped, however many millions of signals it has; `count` and
    /// `incident` join the service index so signal rates around a change are summed from the index
    /// and an incident's unlinked signals are told from its linked ones there too, and
    /// `kind` the incident index so the first alert is one seek, not a walk past every crash.
    static let v2 = """
        DROP INDEX event_service_kind_time;
        CREATE INDEX event_service_kind_time ON event(service, kind, time, count, incident);
        DROP INDEX event_incident;
        CREATE INDEX event_incident ON event(incident, kind, time) WHERE incident IS NOT NULL;
        CREATE INDEX event_incident_groups ON event(incident, kind, service, version, region, count, time) WHERE incident IS NOT NULL;
        CREATE INDEX event_incident_hosts ON event(incident, kind, host) WHERE incident IS NOT NULL;
        """

    /// Small partial indexes over changes only: the rollback that reverts a candidate, and the
    /// changes that shipped a version the signals carry, are seeks instead of scans.
    static let v3 = """
        CREATE INDEX event_reverts ON event(reverts) WHERE reverts IS NOT NULL;
        CREATE INDEX event_change_version ON event(version, time) WHERE kind IN ('deploy','release','config','rollback');
        """

    /// The optional fields of the retrospective workflow (docs/retrospective.md): a note's verdict on a
    /// change, action items, and a change's commit time; action items are listed by an index of their own.
    static let retrospectiveFields = """
        ALTER TABLE event ADD COLUMN verdict TEXT;
        ALTER TABLE event ADD COLUMN change_id TEXT;
        ALTER TABLE event ADD COLUMN action TEXT;
        ALTER TABLE event ADD COLUMN owner TEXT;
        ALTER TABLE event ADD COLUMN due TEXT;
        ALTER TABLE event ADD COLUMN commit_time INTEGER;
        CREATE INDEX event_action ON event(action, time) WHERE action IS NOT NULL;
        """

    /// The service catalog (Backstage `catalog-info.yaml`): entities by kind, namespace and name,
    /// and the dependencies between their names, each with the entity that declared it (`kind:namespace/name`)
    /// and the file and line it came from.
    static let serviceCatalog = """
        CREATE TABLE catalog_entity (
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            system TEXT,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            PRIMARY KEY (kind, namespace, name)
        );
        CREATE TABLE catalog_dependency (
            service TEXT NOT NULL,
            depends_on TEXT NOT NULL,
            origin TEXT NOT NULL,
            file TEXT NOT NULL,
            line INTEGER NOT NULL,
            PRIMARY KEY (service, depends_on, origin)
        );
        """

    /// The service index also covers version, region and host, so an incident whose signals carry no
    /// `incident` (found by service and window) is grouped and its hosts counted from the index alone.
    static let unlinkedSignals = """
        DROP INDEX event_service_kind_time;
        CREATE INDEX event_service_kind_time ON event(service, kind, time, count, incident, version, region, host);
        """

    /// The server's API tokens: only a SHA-256 digest of each token (what a bearer presents is
    /// hashed and compared), and its signing secret sealed with a key kept outside the store.
    static let apiTokens = """
        CREATE TABLE api_token (
            name TEXT PRIMARY KEY NOT NULL,
            format TEXT,
            digest BLOB NOT NULL UNIQUE,
            sealed_secret BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        """

    /// Each incident's analysis under the default options (the `analyze --json` text) and the columns lists
    /// filter and sort on, made by `analysis_version` (0: not computed yet, as every incident already stored
    /// starts). `sort_time` is the impact start, else when it was detected, mitigated or resolved, else −2⁶²
    /// (last); `services` is `\u{1F}`-delimited so one service is a `LIKE` match. An incident's
    /// `incident_watch` rows say which services' events in which span can change it, its `incident_ref`
    /// rows which change ids and versions (`c:ID`, `v:VERSION`): a write marks only the incidents they
    /// name, by appending to `incident_mark` (never updating a shared row, so concurrent writers on
    /// PostgreSQL never wait on each other); the upkeep deletes the marks it read, so a mark added
    /// meanwhile stays for the next round.
    static let incidentSummaries = """
        CREATE TABLE incident_summary (
            incident TEXT PRIMARY KEY NOT NULL,
            analysis_version INTEGER NOT NULL,
            json TEXT,
            sort_time INTEGER NOT NULL,
            impact_start INTEGER,
            services TEXT NOT NULL,
            severity TEXT,
            severity_rank INTEGER NOT NULL,
            status TEXT,
            trigger_kind TEXT,
            has_trigger INTEGER NOT NULL,
            customers_first INTEGER NOT NULL,
            search TEXT NOT NULL
        );
        CREATE INDEX incident_summary_order ON incident_summary(sort_time, incident);
        CREATE INDEX incident_summary_version ON incident_summary(analysis_version);
        CREATE TABLE incident_watch (
            service TEXT NOT NULL,
            from_time INTEGER NOT NULL,
            to_time INTEGER NOT NULL,
            incident TEXT NOT NULL
        );
        CREATE INDEX incident_watch_service ON incident_watch(service, from_time, to_time);
        CREATE INDEX incident_watch_incident ON incident_watch(incident);
        CREATE TABLE incident_ref (
            ref TEXT NOT NULL,
            incident TEXT NOT NULL,
            PRIMARY KEY (ref, incident)
        );
        CREATE INDEX incident_ref_incident ON incident_ref(incident);
        CREATE TABLE incident_mark (
            seq INTEGER PRIMARY KEY,
            incident TEXT NOT NULL
        );
        CREATE INDEX incident_mark_incident ON incident_mark(incident, seq);
        INSERT INTO incident_summary (incident, analysis_version, sort_time, services, severity_rank, has_trigger, customers_first, search)
        SELECT DISTINCT incident, 0, -4611686018427387904, '', 9, 0, 0, '' FROM event WHERE kind = 'incident' AND incident IS NOT NULL;
        """

    /// A token's scope, expiry and rotation. Tokens made before scopes could write, so they keep `write`;
    /// a rotation keeps the replaced secret's digest and sealed secret until its grace period ends.
    static let tokenScopes = """
        ALTER TABLE api_token ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';
        ALTER TABLE api_token ADD COLUMN expires_at INTEGER;
        ALTER TABLE api_token ADD COLUMN previous_digest BLOB;
        ALTER TABLE api_token ADD COLUMN previous_sealed_secret BLOB;
        ALTER TABLE api_token ADD COLUMN previous_valid_until INTEGER;
        ALTER TABLE api_token ADD COLUMN rotated_at INTEGER;
        """

    /// Action items' priority and type, and the note that withdraws another (docs/retrospective.md);
    /// an incident's retractions are found with its notes, by the incident index.
    static let teamActionFields = """
        ALTER TABLE event ADD COLUMN priority TEXT;
        ALTER TABLE event ADD COLUMN action_type TEXT;
        ALTER TABLE event ADD COLUMN retracts TEXT;
        """

    /// An incident's linked signals are read through one index that covers what its analysis aggregates
    /// (groups and hosts in one pass, `SignalAggregateFunction`), replacing the two it needed; the incident
    /// index carries `count`, so per-bucket sums read it alone. The planner gets statistics shaped like a
    /// large store (about ten kinds, hundreds of services, near-unique times and ids): without any, SQLite
    /// guesses that an equality on `kind` is selective, and walks every rollback, or every change of the
    /// day, in time order to find a few rows another index reaches directly. Statistics `ANALYZE` wrote
    /// are kept.
    static let incidentSignals = """
        DROP INDEX event_incident;
        CREATE INDEX event_incident ON event(incident, kind, time, count) WHERE incident IS NOT NULL;
        DROP INDEX event_incident_groups;
        DROP INDEX event_incident_hosts;
        CREATE INDEX event_incident_signals ON event(incident, kind, service, version, region, count, time, host) WHERE incident IS NOT NULL;
        ANALYZE sqlite_master;
        INSERT INTO sqlite_stat1 (tbl, idx, stat)
        SELECT 'event', column1, column2 FROM (VALUES
            ('sqlite_autoindex_event_1', '10000000 1'),
            ('event_kind_time', '10000000 1000000 1'),
            ('event_service_kind_time', '10000000 50000 5000 1 1 1 1 1 1'),
            ('event_incident', '1000000 500 500 1 1'),
            ('event_incident_signals', '1000000 500 500 500 30 30 30 1 1'),
            ('event_change_version', '350000 100 1'),
            ('event_reverts', '25000 1'),
            ('event_action', '10000 10 1'))
        WHERE NOT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = 'event' AND idx = column1);
        """

    /// The columns an insert writes, in order.
    static let insertColumns = [
        "id", "digest", "time", "kind", "service", "environment", "summary", "end_time", "version",
        "reverts", "status", "incident", "severity", "title", "host", "count", "scope", "scope_percent",
        "scope_hosts", "actor", "source", "url", "labels", "region", "attributes",
        "verdict", "change_id", "action", "owner", "due", "commit_time",
        "priority", "action_type", "retracts",
    ]
}
