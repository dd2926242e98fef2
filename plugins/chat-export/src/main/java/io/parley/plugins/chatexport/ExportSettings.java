package io.parley.plugins.chatexport;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.spi.plugin.PluginConfig;
import io.parley.engine.spi.plugin.PluginException;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One chat-export source's configuration, as {@link ChatExportPlugin#info()} declares it, merged
 * with the built-in mappings: a {@code columns} entry replaces the built-in candidates of its field,
 * {@code roles} entries are added to the built-in sender values.
 *
 * @param columns          Parley field → the source column names that may hold it, first present wins
 * @param configuredFields the fields the configuration mapped (a CSV header must have their columns)
 * @param roles            sender value ({@link MatchKeys#value}) → Parley role
 * @param encoding         null to detect it
 * @param delimiter        0 to detect it
 */
record ExportSettings(Format format, Map<String, List<String>> columns, Set<String> configuredFields,
                      Map<String, String> roles, TimeParser times, Charset encoding, char delimiter, int sessionGap) {

    static final String SESSION = "session";
    static final String ROLE = "role";
    static final String TIME = "time";
    static final String TEXT = "text";
    static final String AGENT = "agent";
    static final String CUSTOMER = "customer";
    static final String ATTRIBUTE_PREFIX = "attributes.";
    static final List<String> REQUIRED_FIELDS = List.of(SESSION, ROLE, TEXT);
    private static final List<String> FIELDS = List.of(SESSION, ROLE, TIME, TEXT, AGENT, CUSTOMER);

    /** Common headers of Chinese e-commerce customer-service exports (千牛, 京东咚咚, 抖店飞鸽, 拼多多…) and English ones. */
    static final Map<String, List<String>> BUILT_IN_COLUMNS = inOrder(
            Map.entry(SESSION, List.of("会话ID", "会话编号", "会话", "对话ID", "sessionId", "conversationId")),
            Map.entry(ROLE, List.of("发送方", "角色", "发送方角色", "发送者角色", "消息来源", "senderRole", "role")),
            Map.entry(TIME, List.of("时间", "发送时间", "消息时间", "time", "timestamp", "sentAt")),
            Map.entry(TEXT, List.of("内容", "消息内容", "聊天内容", "消息", "text", "content", "message")),
            Map.entry(AGENT, List.of("客服", "客服昵称", "客服账号", "客服ID", "agent", "agentId")),
            Map.entry(CUSTOMER, List.of("买家", "顾客", "买家昵称", "顾客昵称", "买家ID", "客户", "customer", "customerId", "buyer")),
            Map.entry(ATTRIBUTE_PREFIX + "shop", List.of("店铺", "店铺名称", "店铺名", "shop")));

    /** Role → the sender values that mean it. */
    static final Map<String, List<String>> BUILT_IN_SENDERS = inOrder(
            Map.entry("agent", List.of("客服", "商家", "卖家", "人工客服", "店铺", "agent", "seller", "staff")),
            Map.entry("customer", List.of("买家", "顾客", "用户", "客户", "消费者", "customer", "buyer", "user")),
            Map.entry("bot", List.of("机器人", "智能客服", "机器人客服", "bot", "robot")),
            Map.entry("system", List.of("系统", "系统消息", "system")));

    static final List<String> DEFAULT_TIME_FORMATS =
            List.of("yyyy-M-d H:mm[:ss][.SSS]", "yyyy/M/d H:mm[:ss][.SSS]", TimeParser.ISO, TimeParser.EPOCH);

    enum Format { AUTO, CSV, JSON, NDJSON }

    static ExportSettings from(PluginConfig config) {
        Map<String, List<String>> columns = new LinkedHashMap<>(BUILT_IN_COLUMNS);
        Map<String, Object> configuredColumns = map(config, "columns");
        configuredColumns.forEach((field, value) -> columns.put(field, columnNames(field, value)));
        Map<String, String> roles = new LinkedHashMap<>();
        BUILT_IN_SENDERS.forEach((role, senders) -> senders.forEach(sender -> roles.put(MatchKeys.value(sender), role)));
        map(config, "roles").forEach((sender, role) -> roles.put(MatchKeys.value(sender), role(sender, role)));
        ZoneId zone = zone(string(config, "timezone"));
        return new ExportSettings(format(string(config, "format")), Collections.unmodifiableMap(columns),
                Set.copyOf(configuredColumns.keySet()), Collections.unmodifiableMap(roles),
                new TimeParser(strings(config, "timeFormats"), zone), encoding(string(config, "encoding")),
                delimiter(string(config, "delimiter")), sessionGap(config));
    }

    /** A built-in mapping as the option descriptions show it: {@code session ← 会话ID, 会话编号; role ← …}. */
    static String describe(Map<String, List<String>> mapping) {
        return mapping.entrySet().stream().map(entry -> entry.getKey() + " ← " + String.join(", ", entry.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static List<String> columnNames(String field, Object value) {
        if (!FIELDS.contains(field) && !(field.startsWith(ATTRIBUTE_PREFIX) && field.length() > ATTRIBUTE_PREFIX.length())) {
            String typo = NameSuggestions.didYouMean(field, FIELDS);
            throw new PluginException("option 'columns' maps unknown field '" + field + "' ("
                    + (typo != null ? typo : "fields are " + String.join(", ", FIELDS) + " and attributes.<name>") + ")");
        }
        List<?> names = value instanceof List<?> list ? list : value instanceof String name ? List.of(name) : List.of();
        if (names.isEmpty() || names.stream().anyMatch(name -> !(name instanceof String text) || text.isBlank())) {
            throw new PluginException("option 'columns': field '" + field + "' needs a column name or a list of them, not "
                    + value);
        }
        return names.stream().map(String.class::cast).toList();
    }

    private static String role(String value, Object role) {
        if (!(role instanceof String name) || name.isBlank()) {
            throw new PluginException("option 'roles': '" + value + "' must map to a role name, not " + role);
        }
        // A free role is fine (it becomes a declared party), but roles are case-sensitive: 'Agent' is a slip.
        Dialogue.BUILT_IN_ROLES.stream().filter(builtIn -> builtIn.equalsIgnoreCase(name) && !builtIn.equals(name))
                .findFirst().ifPresent(meant -> {
                    throw new PluginException("option 'roles': '" + value + "' maps to '" + name + "'; roles are "
                            + "case-sensitive: did you mean '" + meant + "'?");
                });
        return name;
    }

    private static Format format(String name) {
        try {
            return Format.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PluginException("option 'format' must be csv, json, ndjson or auto, not '" + name + "'");
        }
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new PluginException("option 'timezone' must be an offset such as +08:00 or a zone such as "
                    + "Asia/Shanghai, not '" + name + "'");
        }
    }

    private static Charset encoding(String name) {
        if (name.strip().equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new PluginException("option 'encoding' names no known encoding: '" + name
                    + "' (use auto, UTF-8, GB18030, …)");
        }
    }

    private static char delimiter(String text) {
        return switch (text) {
            case "auto" -> 0;
            case "\t", "\\t", "tab" -> '\t';
            default -> {
                if (text.length() != 1 || text.equals("\"") || Character.isLetterOrDigit(text.charAt(0))) {
                    throw new PluginException("option 'delimiter' must be auto, tab or one punctuation character "
                            + "such as , or ;, not '" + text + "'");
                }
                yield text.charAt(0);
            }
        };
    }

    private static int sessionGap(PluginConfig config) {
        long gap = ((Number) required(config, "sessionGap")).longValue();
        if (gap < 1 || gap > Integer.MAX_VALUE) {
            throw new PluginException("option 'sessionGap' must be at least 1, not " + gap);
        }
        return (int) gap;
    }

    private static Map<String, Object> map(PluginConfig config, String option) {
        Map<String, Object> map = new LinkedHashMap<>();
        ((Map<?, ?>) required(config, option)).forEach((key, value) -> map.put((String) key, value));
        return map;
    }

    private static List<String> strings(PluginConfig config, String option) {
        return ((List<?>) required(config, option)).stream().map(String::valueOf).toList();
    }

    private static String string(PluginConfig config, String option) {
        return required(config, option).toString();
    }

    /** The engine fills in defaults, so only a config that bypassed it can lack an option. */
    private static Object required(PluginConfig config, String option) {
        Object value = config.get(option);
        if (value == null) {
            throw new PluginException("option '" + option + "' is missing");
        }
        return value;
    }

    @SafeVarargs
    private static <V> Map<String, V> inOrder(Map.Entry<String, V>... entries) {
        Map<String, V> map = new LinkedHashMap<>();
        for (Map.Entry<String, V> entry : entries) {
            map.put(entry.getKey(), entry.getValue());
        }
        return Collections.unmodifiableMap(map);
    }
}
