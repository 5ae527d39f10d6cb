package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.siprec.api.directory.DirectoryAdmin;

/** Base of the {@code siprec:*} directory commands: the directory of this bundle. */
public abstract class DirectoryCommand implements Action {

    @Reference
    DirectoryAdmin admin;

    /** This bundle's directory (the commands read its snapshot and import with line numbers). */
    JdbcDirectory directory() {
        if (admin instanceof JdbcDirectory d) {
            return d;
        }
        throw new IllegalStateException("the siprec directory commands work with org.siprec.directory.jdbc's"
                + " directory only, not with " + admin.getClass().getName());
    }

    @Override
    public Object execute() throws Exception {
        run(directory());
        return null;
    }

    abstract void run(JdbcDirectory d) throws Exception;
}
