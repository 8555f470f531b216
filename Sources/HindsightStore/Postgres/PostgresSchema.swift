/// PostgreSQL's schema, migration by migration as SQLite's (`Schema`): the same tables, columns,
/// indexes and names. Text is compared and sorted bytewise (`COLLATE "C"`), as SQLite does, so
/// both backends order and answer alike; times are UTC milliseconds in `BIGINT`.
enum PostgresSchema {
    static let v1 = """
        CREATE TABLE event (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT COLLATE "C" NOT NULL UNIQUE,
            digest BIGINT NOT NULL,
            time BIGINT NOT NULL,
            kind TEXT COLLATE "C" NOT NULL,
            service TEXT COLLATE "C" NOT NULL,
            environment TEXT COLLATE "C" NOT NULL,
            summary TEXT COLLATE "C",
            end_time BIGINT,
            version TEXT COLLATE "C",
            reverts TEXT COLLATE "C",
            status TEXT COLLATE "C",
            incident TEXT COLLATE "C",
            severity TEXT COLLATE "C",
            title TEXT COLLATE "C",
            host TEXT COLLATE "C",
            count BIGINT NOT NULL,
            scope TEXT COLLATE "C",
            scope_percent DOUBLE PRECISION,
            scope_hosts BIGINT,
            actor TEXT COLLATE "C",
            source TEXT COLLATE "C",
            url TEXT COLLATE "C",
            labels TEXT COLLATE "C",
            region TEXT COLLATE "C",
            attributes TEXT COLLATE "C"
        );
        CREATE INDEX event_kind_time ON event(kind, time);
        CREATE INDEX event_service_kind_time ON event(service, kind, time);
        CREATE INDEX event_incident ON event(incident, time) WHERE incident IS NOT NULL;
        """

    static let v2 = """
        DROP INDEX event_service_kind_time;
        CREATE INDEX event_service_kind_time ON event(service, kind, time, count, incident);
        DROP INDEX event_incident;
        CREATE INDEX event_incident ON event(incident, kind, time) WHERE incident IS NOT NULL;
        CREATE INDEX event_incident_groups ON event(incident, kind, service, version, region, count, time) WHERE incident IS NOT NULL;
        CREATE INDEX event_incident_hosts ON event(incident, kind, host) WHERE incident IS NOT NULL;
        """

    static let v3 = """
        CREATE INDEX event_reverts ON event(reverts) WHERE reverts IS NOT NULL;
        CREATE INDEX event_change_version ON event(version, time) WHERE kind IN ('deploy','release','config','rollback');
        """

    static let retrospectiveFields = """
        ALTER TABLE event ADD COLUMN verdict TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN change_id TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN action TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN owner TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN due TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN commit_time BIGINT;
        CREATE INDEX event_action ON event(action, time) WHERE action IS NOT NULL;
        """

    static let serviceCatalog = """
        CREATE TABLE catalog_entity (
            kind TEXT COLLATE "C" NOT NULL,
            namespace TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            system TEXT COLLATE "C",
            file TEXT COLLATE "C" NOT NULL,
            line BIGINT NOT NULL,
            PRIMARY KEY (kind, namespace, name)
        );
        CREATE TABLE catalog_dependency (
            service TEXT COLLATE "C" NOT NULL,
            depends_on TEXT COLLATE "C" NOT NULL,
            origin TEXT COLLATE "C" NOT NULL,
            file TEXT COLLATE "C" NOT NULL,
            line BIGINT NOT NULL,
            PRIMARY KEY (service, depends_on, origin)
        );
        """

    static let unlinkedSignals = """
        DROP INDEX event_service_kind_time;
        CREATE INDEX event_service_kind_time ON event(service, kind, time, count, incident, version, region, host);
        """

    static let apiTokens = """
        CREATE TABLE api_token (
            name TEXT COLLATE "C" PRIMARY KEY NOT NULL,
            format TEXT COLLATE "C",
            digest BYTEA NOT NULL UNIQUE,
            sealed_secret BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT
        );
        """

    static let cacheRevisions = """
        ALTER TABLE incident_summary ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE api_token_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL);
        INSERT INTO api_token_revision (id, revision) VALUES (1, 1);
        """

    static let incidentSummaries = """
        CREATE TABLE incident_summary (
            incident TEXT COLLATE "C" PRIMARY KEY NOT NULL,
            analysis_version BIGINT NOT NULL,
            json TEXT COLLATE "C",
            sort_time BIGINT NOT NULL,
            impact_start BIGINT,
            services TEXT COLLATE "C" NOT NULL,
            severity TEXT COLLATE "C",
            severity_rank BIGINT NOT NULL,
            status TEXT COLLATE "C",
            trigger_kind TEXT COLLATE "C",
            has_trigger BIGINT NOT NULL,
            customers_first BIGINT NOT NULL,
            search TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX incident_summary_order ON incident_summary(sort_time, incident);
        CREATE INDEX incident_summary_version ON incident_summary(analysis_version);
        CREATE TABLE incident_watch (
            service TEXT COLLATE "C" NOT NULL,
            from_time BIGINT NOT NULL,
            to_time BIGINT NOT NULL,
            incident TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX incident_watch_service ON incident_watch(service, from_time, to_time);
        CREATE INDEX incident_watch_incident ON incident_watch(incident);
        CREATE TABLE incident_ref (
            ref TEXT COLLATE "C" NOT NULL,
            incident TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (ref, incident)
        );
        CREATE INDEX incident_ref_incident ON incident_ref(incident);
        CREATE TABLE incident_mark (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            incident TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX incident_mark_incident ON incident_mark(incident, seq);
        INSERT INTO incident_summary (incident, analysis_version, sort_time, services, severity_rank, has_trigger, customers_first, search)
        SELECT DISTINCT incident, 0, -4611686018427387904, '', 9, 0, 0, '' FROM event WHERE kind = 'incident' AND incident IS NOT NULL;
        """

    static let tokenScopes = """
        ALTER TABLE api_token ADD COLUMN scope TEXT COLLATE "C" NOT NULL DEFAULT 'write';
        ALTER TABLE api_token ADD COLUMN expires_at BIGINT;
        ALTER TABLE api_token ADD COLUMN previous_digest BYTEA;
        ALTER TABLE api_token ADD COLUMN previous_sealed_secret BYTEA;
        ALTER TABLE api_token ADD COLUMN previous_valid_until BIGINT;
        ALTER TABLE api_token ADD COLUMN rotated_at BIGINT;
        """

    static let teamActionFields = """
        ALTER TABLE event ADD COLUMN priority TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN action_type TEXT COLLATE "C";
        ALTER TABLE event ADD COLUMN retracts TEXT COLLATE "C";
        """

    /// SQLite's `Schema.incidentSignals`: one covering index for an incident's linked signals, `count` in
    /// the incident index (PostgreSQL's planner keeps its own statistics).
    static let incidentSignals = """
        DROP INDEX event_incident;
        CREATE INDEX event_incident ON event(incident, kind, time, count) WHERE incident IS NOT NULL;
        DROP INDEX event_incident_groups;
        DROP INDEX event_incident_hosts;
        CREATE INDEX event_incident_signals ON event(incident, kind, service, version, region, count, time, host) WHERE incident IS NOT NULL;
        """

    /// The table that records which migrations ran (GRDB's `grdb_migrations` on SQLite).
    static let migrationsTable = """
        CREATE TABLE IF NOT EXISTS hindsight_migrations (
            identifier TEXT COLLATE "C" PRIMARY KEY NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """
}
