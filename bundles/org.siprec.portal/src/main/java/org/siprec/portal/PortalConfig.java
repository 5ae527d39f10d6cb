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

    @AttributeDefinition(description = "roles that may search, read recordings and fetch their audio,"
            + " comma-separated")
    String read_roles() default "operator-admin,auditor";

    @AttributeDefinition(description = "roles that may set and clear the legal hold, comma-separated")
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
}
