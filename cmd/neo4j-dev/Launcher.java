// Launcher starts an embedded Neo4j Community server with Bolt for local
// development and CI. It is not used in deployments, which run the official
// neo4j image.
//
// Usage: java -cp 'lib/*' Launcher.java HOME (neo4j.sh adds the JVM flags)
//
// Settings come from the environment:
//   NEO4J_BOLT_ADDR   listen address, default 127.0.0.1:7687
//   NEO4J_PASSWORD    when set, auth is enabled and user "neo4j" gets this
//                     password (Neo4j wants at least 8 characters); unset,
//                     auth is disabled
//   NEO4J_PAGECACHE   page cache size, default 256m
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Launcher HOME");
            System.exit(2);
        }
        String addr = env("NEO4J_BOLT_ADDR", "127.0.0.1:7687");
        int colon = addr.lastIndexOf(':');
        String host = addr.substring(0, colon);
        int port = Integer.parseInt(addr.substring(colon + 1));
        String password = System.getenv("NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();

        var dbms = new DatabaseManagementServiceBuilder(Path.of(args[0]))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(env("NEO4J_PAGECACHE", "256m")))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ZERO)
                .build();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        if (auth) {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED",
                    java.util.Map.of("p", password));
        }
        System.out.println("neo4j-dev: bolt listening on " + addr);
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
