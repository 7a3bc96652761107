package id.dapur.edge.agent.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The database's connections: one session that opens the file and stays open as long as the pool,
 * and a pool of sessions for the writer and the readers.
 *
 * <p>Why two URLs: H2 applies a URL's settings to every new session as {@code SET} statements, not
 * only to the one that opens the file. {@code WRITE_DELAY=0} (no background writer, see
 * {@link Database}) is therefore given only to the session that opens it; had the pool's URL carried
 * it too, each session the pool made later would have set H2's write delay back to "write a chunk at
 * every commit", undoing {@link H2Writes} (seen: 248 KB written per order instead of 95).
 */
final class H2Pool {
    private static final String SETTINGS =
            ";DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0;QUERY_CACHE_SIZE=64;CACHE_SIZE=8192;COMPRESS=TRUE;REUSE_SPACE=FALSE";
    private static final String USER = "dapur";

    private final Connection opener;
    private final JdbcConnectionPool pool;

    private H2Pool(Connection opener, JdbcConnectionPool pool) {
        this.opener = opener;
        this.pool = pool;
    }

    /** Opens the database file in {@code dir} (blocking). */
    static H2Pool open(Path dir) throws SQLException {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(Database.NAME) + SETTINGS;
        Connection opener = DriverManager.getConnection(url + ";WRITE_DELAY=0", USER, "");
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, USER, "");
        pool.setMaxConnections(4);
        return new H2Pool(opener, pool);
    }

    /** The session that opened the file (for what must be done before anything else runs). */
    Connection opener() {
        return opener;
    }

    Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    DataSource dataSource() {
        return pool;
    }

    /** Closes every session; the database closes with the last (H2 closes it when its last session goes). */
    void dispose() {
        pool.dispose();
        try {
            opener.close();
        } catch (SQLException e) {
            // closed already (a SHUTDOWN closes every session)
        }
    }
}
