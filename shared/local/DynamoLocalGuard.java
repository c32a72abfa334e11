import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local with the arguments its jar takes, but listening on 127.0.0.1 only (the jar
 * has no option for it and listens on every interface) and refusing every request a web page could
 * make: a Host header other than 127.0.0.1:port or localhost:port (DNS rebinding), and any Origin
 * header (cepin never calls DynamoDB from a browser; browsers send Origin on every POST and preflight).
 * Compiled and started by shared/local/dynamo-local.ts; it falls back to the plain jar if this fails.
 */
public final class DynamoLocalGuard {
  private DynamoLocalGuard() {}

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length != 1) throw new IllegalStateException("expected one connector");
    ServerConnector connector = (ServerConnector) connectors[0];
    connector.setHost("127.0.0.1");
    int port = connector.getPort();
    server.setHandler(new Guard(server.getHandler(), Set.of("127.0.0.1:" + port, "localhost:" + port)));
    proxy.start();
    System.out.println("cepin-guard: listening on 127.0.0.1:" + port);
  }

  /** Answers 421 to a foreign Host and 403 to any Origin before DynamoDB Local sees the request. */
  static final class Guard extends Handler.Wrapper {
    private final Set<String> hosts;

    Guard(Handler inner, Set<String> hosts) {
      super(inner);
      this.hosts = hosts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String host = request.getHeaders().get(HttpHeader.HOST);
      if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))
        return refuse(response, callback, 421,
            "cepin 的本地数据库只接受本机地址(127.0.0.1)的请求 / cepin's DynamoDB Local answers only 127.0.0.1\n");
      if (request.getHeaders().get(HttpHeader.ORIGIN) != null)
        return refuse(response, callback, 403,
            "cepin 的本地数据库不接受网页发来的请求 / cepin's DynamoDB Local refuses requests from web pages\n");
      return super.handle(request, response, callback);
    }

    private static boolean refuse(Response response, Callback callback, int status, String text) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(response, true, text, callback);
      return true;
    }
  }
}
