package org.siprec.srs.embedded.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "siprec embedded SRS",
        description = "The SIPREC Session Recording Server inside the platform (SIP on the 'srs' endpoint, etc/org.siprec.sip.endpoint-srs.cfg)")
public @interface SrsConfig {
    @AttributeDefinition(description = "Folder for WAV files, metadata and index.jsonl; ${karaf.data} and other system properties are resolved (without karaf.data: ./recordings)")
    String recordings_dir() default "${karaf.data}/recordings";

    @AttributeDefinition(description = "Local IP address the RTP receive ports bind to and that the SDP answer names")
    String media_address() default "127.0.0.1";

    @AttributeDefinition(description = "Lowest UDP port for received RTP (pairs: RTP even, RTCP odd)")
    int port_min() default 30000;

    @AttributeDefinition(description = "Highest UDP port for received RTP")
    int port_max() default 39999;

    @AttributeDefinition(description = "Encrypt recordings at rest (AES-256-GCM, a key per company from the key store): each recording's WAV, metadata documents and raw streams are encrypted when it ends (docs/storage.md)")
    boolean encryption_enabled() default false;

    @AttributeDefinition(description = "PKCS12 key store of AES-256 secret keys named <alias>.v<version> (alias: a company id, or the default alias); also read to decrypt files when encryption is off; ${karaf.etc} resolved")
    String encryption_keystore() default "${karaf.etc}/siprec-recordings.p12";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of the key store (and of its entries); never logged. Leave empty and set encryption.keystore.password.file to keep it out of this file")
    String encryption_keystore_password() default "";

    @AttributeDefinition(description = "File whose content (first line) is the key store's password; takes precedence over encryption.keystore.password")
    String encryption_keystore_password_file() default "";

    @AttributeDefinition(description = "Key alias for recordings whose company is unknown or has no key of its own")
    String encryption_default_alias() default "default";
}
