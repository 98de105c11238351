package io.hookrun.local.runtime;

import io.hookrun.local.template.SamTemplate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A route of the HTTP API: {@code {name}} matches one path segment, {@code {name+}} the rest of the path. */
record HttpApiRoute(SamTemplate.HttpRoute route, FunctionHost function, Pattern pattern, java.util.List<String> names) {

    static HttpApiRoute of(SamTemplate.HttpRoute route, FunctionHost function) {
        StringBuilder regex = new StringBuilder();
        java.util.List<String> names = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(route.path().substring(last, m.start())));
            String name = m.group(1);
            boolean greedy = name.endsWith("+");
            names.add(greedy ? name.substring(0, name.length() - 1) : name);
            regex.append(greedy ? "(.+)" : "([^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(route.path().substring(last)));
        return new HttpApiRoute(route, function, Pattern.compile(regex.toString()), names);
    }

    String routeKey() {
        return route.method() + " " + route.path();
    }

    /** The path parameters when {@code method} and {@code path} match, else null. */
    Map<String, String> match(String method, String path) {
        if (!route.method().equals("ANY") && !route.method().equals(method)) {
            return null;
        }
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), java.net.URLDecoder.decode(m.group(i + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
