/**
 * Dialog routing for SIP applications: a {@link org.siprec.sip.dialog.DialogRouter} maps each dialog (by Call-ID)
 * to the {@link org.siprec.sip.dialog.DialogHandler} that owns it, and a {@link org.siprec.sip.dialog.SipDispatcher}
 * turns the stack's events into calls on those handlers, each on the handler's own executor.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.siprec.sip.dialog;
