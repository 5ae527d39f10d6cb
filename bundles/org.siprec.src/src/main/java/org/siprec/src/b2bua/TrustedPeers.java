package org.siprec.src.b2bua;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The trusted-peer access list: IP addresses and CIDR blocks (IPv4 and IPv6). */
final class TrustedPeers {
    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;
    private final String text;

    private TrustedPeers(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /**
     * Parses {@code trusted.peers}.
     *
     * @throws IllegalArgumentException naming the entry that is not an IP address or CIDR block
     */
    static TrustedPeers parse(String value) {
        List<Block> blocks = new ArrayList<>();
        StringBuilder canonical = new StringBuilder();
        for (String raw : (value == null ? "" : value).split("[,\\s]+")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String host = entry;
            int prefix = -1;
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                host = entry.substring(0, slash);
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("trusted.peers: bad prefix length in '" + entry + "'");
                }
            }
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("trusted.peers: '" + entry + "' is not an IP address or CIDR block");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("trusted.peers: '" + entry + "' is not an IP address or CIDR block");
            }
            int bits = address.length * 8;
            if (prefix == -1) {
                prefix = bits;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trusted.peers: prefix length out of range in '" + entry + "'");
            }
            blocks.add(new Block(address, prefix));
            canonical.append(canonical.length() == 0 ? "" : ",").append(entry);
        }
        return new TrustedPeers(List.copyOf(blocks), canonical.toString());
    }

    boolean allows(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(none)" : text;
    }
}
