package org.siprec.metadata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The identifier of a metadata element ({@code group_id}, {@code session_id}, {@code participant_id},
 * {@code stream_id}). RFC 7865 ids are the base64 encoding of a 128-bit UUID (e.g. {@code hVpd7YQgRW2nD22h7q60JQ==});
 * ids read from other implementations are kept as they were sent, whatever their form.
 *
 * @param value the id as written in the XML, never blank and without white space
 */
public record MetadataId(String value) {

    public MetadataId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a metadata id must not be blank");
        }
    }

    /** @return a new random id (base64 of a random UUID) */
    public static MetadataId random() {
        return of(UUID.randomUUID());
    }

    /** @return the RFC 7865 form of the UUID: base64 of its 16 bytes, most significant first */
    public static MetadataId of(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return new MetadataId(Base64.getEncoder().encodeToString(b.array()));
    }

    /** @return an id with the given value as is */
    public static MetadataId of(String value) {
        return new MetadataId(value);
    }

    /**
     * A stable id derived from a name (a name-based UUID, RFC 4122 version 3), e.g. from a SIP Call-ID so that
     * every snapshot of the same call carries the same session id.
     */
    public static MetadataId fromName(String name) {
        return of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the UUID if this id is the base64 form of 16 bytes, as RFC 7865 asks */
    public Optional<UUID> toUuid() {
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            if (bytes.length != 16) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return Optional.of(new UUID(b.getLong(), b.getLong()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
