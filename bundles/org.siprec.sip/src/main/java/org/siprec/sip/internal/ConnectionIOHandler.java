package org.siprec.sip.internal;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.IOHandler;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;

/**
 * The RI's socket layer with RFC 3261 18.2.2 for connections: what is sent on a connection a peer opened (a
 * response, a stateless refusal, the keep-alive pong) goes back on that connection. The RI sends through a TCP
 * channel with the transport named in the request's top Via: a request that came over TCP with {@code SIP/2.0/UDP}
 * in its Via (most RFC 4475 messages, any client behind a transport-changing proxy) had its responses sent as
 * datagrams to the connection's port, then "retried" towards the Via's sent-by host, which need not resolve. And a
 * connection is registered for reuse only when its first request is processed, so an answer before that (a 400 for
 * an unparseable first message, the pong to a first CRLF keep-alive) opened a new connection to the client's
 * ephemeral port. Here a channel always sends with its own transport, on its own socket. And when the connection
 * is gone, the RI's retry goes where RFC 3261 18.2.2 says, the connection's peer address (the Via's received) with
 * the sent-by port, not to the sent-by host, whose name the RI would look up (a client's Via may name any host).
 */
final class ConnectionIOHandler extends IOHandler {
    private static final Field SOCKET = field("mySock");
    private static final Field ADVERTISED_ADDRESS = field("peerAddressAdvertisedInHeaders");

    ConnectionIOHandler(SIPTransactionStack stack) {
        super(stack);
    }

    @Override
    public Socket sendBytes(InetAddress sender, InetAddress receiver, int port, String transport, byte[] bytes,
            boolean isClient, MessageChannel channel) throws IOException {
        if (channel instanceof ConnectionOrientedMessageChannel connection && receiver != null) {
            transport = connection.getTransport();
            retryTowardsThePeerAddress(connection, receiver);
            String key = makeKey(receiver, port);
            Socket socket = socketOf(connection);
            if (getSocket(key) == null && socket != null && !socket.isClosed() && receiver.equals(socket.getInetAddress())
                    && port == socket.getPort()) {
                putSocket(key, socket); // removed again by the channel when it closes
            }
        }
        return super.sendBytes(sender, receiver, port, transport, bytes, isClient, channel);
    }

    private static Socket socketOf(ConnectionOrientedMessageChannel channel) {
        try {
            return SOCKET == null ? null : (Socket) SOCKET.get(channel);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static void retryTowardsThePeerAddress(ConnectionOrientedMessageChannel channel, InetAddress receiver) {
        try {
            if (ADVERTISED_ADDRESS != null && ADVERTISED_ADDRESS.get(channel) != null) {
                ADVERTISED_ADDRESS.set(channel, receiver.getHostAddress());
            }
        } catch (IllegalAccessException e) {
            // the RI's own retry stays as it is
        }
    }

    /** A protected field of the RI's connection channel (the OIO channel has no accessor for it). */
    private static Field field(String name) {
        try {
            Field f = ConnectionOrientedMessageChannel.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
