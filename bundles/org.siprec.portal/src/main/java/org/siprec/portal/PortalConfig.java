package org.siprec.portal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.siprec.portal.cfg}: who may use the REST API (docs/portal.md). Applied live. */
@ObjectClassDefinition(name = "siprec portal", description = "REST API over the recording catalogue: authentication"
        + " realm and roles")
public @interface PortalConfig {
    String PID = "org.siprec.portal";

    @AttributeDefinition(description = "JAAS realm the users log in to (HTTP Basic); Karaf's own is 'karaf'"
            + " (etc/users.properties)")
    String realm() default "karaf";

    @AttributeDefinition(description = "roles that may search, read recordings and fetch their audio and metadata,"
            + " comma-separated; those also listed in company.roles or own.roles see only their company's / own"
            + " recordings")
    String read_roles() default "operator-admin,auditor,company-admin,company-user";

    @AttributeDefinition(description = "roles that see only the recordings of their companies (company:<id> role"
            + " principals), comma-separated")
    String company_roles() default "company-admin";

    @AttributeDefinition(description = "roles that see only their own calls (recordings with a party of their"
            + " subscriber:<number-or-aor> role principals), comma-separated")
    String own_roles() default "company-user";

    @AttributeDefinition(description = "roles that may set and clear the legal hold (within what they see),"
            + " comma-separated")
    String hold_roles() default "operator-admin";

    @AttributeDefinition(description = "a web UI login session ends after this many minutes without a request")
    int session_idle_minutes() default 15;

    @AttributeDefinition(description = "a web UI login session ends this many hours after the login, however busy")
    int session_max_hours() default 8;

    @AttributeDefinition(description = "at most this many login sessions at once; a login beyond it is refused"
            + " (503) until one ends")
    int session_max_count() default 1000;
    @AttributeDefinition(description = "roles that may list live calls and pause, resume, start and stop their"
            + " recording over /api/v1/calls, comma-separated")
    String control_roles() default "operator-admin,call-control";

    @AttributeDefinition(description = "roles that may read and change the subscriber directory over"
            + " /api/v1/companies and /api/v1/subscribers, comma-separated")
    String provision_roles() default "operator-admin";

    @AttributeDefinition(description = "roles that may list, read, add, change and remove the users of their own"
            + " companies (company:<id> role principals) and read those companies over /api/v1/subscribers and"
            + " /api/v1/companies, comma-separated; other companies and their users are answered 404")
    String company_provision_roles() default "company-admin";
    @AttributeDefinition(description = "roles that may delete recordings (within what they see), comma-separated")
    String delete_roles() default "operator-admin";

    @AttributeDefinition(description = "roles that see a recording's audit trail, comma-separated")
    String audit_roles() default "operator-admin,auditor";

    @AttributeDefinition(description = "roles that see the operations page and its metrics history"
            + " (GET /api/v1/ops/series), comma-separated")
    String ops_roles() default "operator-admin";
    @AttributeDefinition(description = "roles that see the SRC's decision that caused a recording and its reasons,"
            + " comma-separated")
    String decision_roles() default "operator-admin,auditor,company-admin";
}
