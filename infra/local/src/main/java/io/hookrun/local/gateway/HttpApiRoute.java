package io.hookrun.local.gateway;

import io.hookrun.local.function.FunctionHost;
import io.hookrun.local.template.SamTemplate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route of the HTTP API: {@code {name}} matches one path segment, {@code {name+}} the rest of the path,
 * method {@code ANY} every method. When several routes match, the most specific wins, as in API Gateway:
 * no greedy variable before greedy, fewer variables first, an exact method before {@code ANY}.
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html">Routing API requests</a>
 */
record HttpApiRoute(SamTemplate.HttpRoute route, FunctionHost function, Pattern pattern, List<String> names, boolean greedy) {

    /** Most specific first. */
    static final Comparator<HttpApiRoute> PRIORITY = Comparator.comparing(HttpApiRoute::greedy)
            .thenComparing(r -> r.names().size())
            .thenComparing(r -> r.route().method().equals("ANY"))
            .thenComparing(r -> -r.route().path().length());

    static HttpApiRoute of(SamTemplate.HttpRoute route, FunctionHost function) {
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
        int last = 0;
        boolean greedy = false;
        while (m.find()) {
            regex.append(Pattern.quote(route.path().substring(last, m.start())));
            String name = m.group(1);
            greedy |= name.endsWith("+");
            names.add(name.endsWith("+") ? name.substring(0, name.length() - 1) : name);
            regex.append(name.endsWith("+") ? "(.+)" : "([^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(route.path().substring(last)));
        return new HttpApiRoute(route, function, Pattern.compile(regex.toString()), names, greedy);
    }

    /** As API Gateway writes it in the event: {@code POST /hooks/{triggerId}}. */
    String routeKey() {
        return route.method() + " " + route.path();
    }

    /** The path parameters, decoded, when {@code method} and {@code rawPath} match; else null. */
    Map<String, String> match(String method, String rawPath) {
        if (!route.method().equals("ANY") && !route.method().equals(method)) {
            return null;
        }
        Matcher m = pattern.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
