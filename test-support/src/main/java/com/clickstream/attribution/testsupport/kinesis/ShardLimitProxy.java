package com.clickstream.attribution.testsupport.kinesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * An HTTP front for a local Kinesis server that enforces the AWS per-shard limits, because neither
 * local server does: kinesalite 3.3.3 never answers ProvisionedThroughputExceededException, and
 * kinesis-local 0.6.2 only declares the error code (its PutRecords stores every entry; 8 concurrent
 * calls of 500 x 3 KB into one shard, 12 MB in ~5 s, all succeeded). Write and read limits are each
 * optional; every other request is forwarded unchanged.
 *
 * <p><b>Writes</b> ({@link ShardWriteLimiter}). For PutRecords each entry is mapped to its shard the
 * way Kinesis does it (MD5 of the partition key, or the explicit hash key, against the shards'
 * hash-key ranges read from the server) and charged to that shard. Entries that do not fit are
 * <em>not forwarded</em> and come back with {@code ErrorCode=ProvisionedThroughputExceededException}
 * in their original position, the others go to the server in one call; so, as on AWS, a rejected
 * entry is never stored. A throttled PutRecord gets the whole-call error.
 *
 * <p><b>Reads</b> ({@link ShardReadLimiter}). A GetRecords call is charged to the shard its iterator
 * belongs to ({@link ShardIterators}, learnt from the GetShardIterator and GetRecords answers that
 * pass through here; an iterator obtained elsewhere is not limited). The limits are per shard and
 * shared by every consumer, as on AWS. A throttled call is not forwarded, so the iterator stays valid
 * for the retry.
 *
 * <p>A whole-call throttle is answered as AWS's JSON protocol does: HTTP 400, content type
 * {@code application/x-amz-json-1.1}, body {@code {"__type":"ProvisionedThroughputExceededException",
 * "message":"Rate exceeded for ..."}}; both SDKs take the error code from {@code __type} (SDK v2
 * throws its {@code ProvisionedThroughputExceededException}, SDK v1 — the qubole connector's shaded
 * one — its own, and each counts it as throttling for its retry policy).
 */
final class ShardLimitProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardLimitProxy.class);
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String THROTTLED = "ProvisionedThroughputExceededException";
    private static final Set<String> HOP_BY_HOP = Set.of(
            "host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
            "keep-alive", "te", "trailer", "proxy-connection", "date");
    private static final Duration SHARD_MAP_TTL = Duration.ofSeconds(2);
    private static final Pattern SDK_MAJOR = Pattern.compile("(aws-sdk-[a-z]+/\\d+)");
    /** Objects read as LinkedHashMaps (field order kept) and decimals as BigDecimal, so what is passed on keeps its shape. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final URI upstream;
    private final KinesisClient upstreamClient;
    private final ShardWriteLimiter writes;
    private final ShardReadLimiter reads;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Map<String, ShardMap> shardMaps = new ConcurrentHashMap<>();
    private final ShardIterators iterators = new ShardIterators(ShardIterators.DEFAULT_CAPACITY);
    private final AtomicLong throttledEntries = new AtomicLong();
    private final Map<String, LongAdder> throttledEntriesByCause = new ConcurrentHashMap<>();
    private final AtomicLong getRecordsCalls = new AtomicLong();
    private final AtomicLong throttledReads = new AtomicLong();
    private final Map<String, LongAdder> throttledReadsByCause = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttledReadsByClient = new ConcurrentHashMap<>();

    /**
     * @param writesOrNull write limits, or null to pass writes through
     * @param readsOrNull  read limits, or null to pass reads through
     */
    ShardLimitProxy(URI upstream, KinesisClient upstreamClient, ShardWriteLimiter writesOrNull,
            ShardReadLimiter readsOrNull) throws IOException {
        this.upstream = upstream;
        this.upstreamClient = upstreamClient;
        this.writes = writesOrNull;
        this.reads = readsOrNull;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kinesis-shard-limit-proxy");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Entries (PutRecords) and calls (PutRecord) rejected so far. */
    long throttledEntries() {
        return throttledEntries.get();
    }

    /** GetRecords calls on a known shard so far, throttled or not. */
    long getRecordsCalls() {
        return getRecordsCalls.get();
    }

    /** GetRecords calls rejected so far. */
    long throttledReads() {
        return throttledReads.get();
    }

    /** Rejected write entries per cause ({@code record_rate}, {@code byte_rate}, {@code forced}). */
    Map<String, Long> throttledEntriesByCause() {
        return snapshot(throttledEntriesByCause);
    }

    /** Rejected GetRecords calls per cause ({@code call_rate}, {@code byte_rate}, {@code forced}). */
    Map<String, Long> throttledReadsByCause() {
        return snapshot(throttledReadsByCause);
    }

    /** Rejected GetRecords calls per client ({@code aws-sdk-java/1}, {@code aws-sdk-java/2}, ... from the User-Agent). */
    Map<String, Long> throttledReadsByClient() {
        return snapshot(throttledReadsByClient);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, n) -> copy.put(key, n.sum()));
        return copy;
    }

    private static void count(Map<String, LongAdder> counters, String key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String operation = target.substring(target.lastIndexOf('.') + 1);
            if (writes != null && operation.equals("PutRecords")) {
                putRecords(exchange, body);
            } else if (writes != null && operation.equals("PutRecord")) {
                putRecord(exchange, body);
            } else if (reads != null && operation.equals("GetShardIterator")) {
                getShardIterator(exchange, body);
            } else if (reads != null && operation.equals("GetRecords")) {
                getRecords(exchange, body);
            } else {
                relay(exchange, forward(exchange, body));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("shard-limit proxy failed on a request", e);
            respond(exchange, 500, errorJson("InternalFailure", "proxy: " + e));
        }
    }

    // ---- writes

    @SuppressWarnings("unchecked")
    private void putRecords(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        Map<String, Object> request = parseObject(body);
        String stream = streamName(request);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) request.get("Records");
        ShardMap shards = stream == null || entries == null ? null : shardMap(stream);
        if (shards == null) {
            relay(exchange, forward(exchange, body)); // let the server produce its own error
            return;
        }
        List<Map<String, Object>> admitted = new ArrayList<>();
        String[] rejectedShard = new String[entries.size()];
        int rejected = 0;
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = entries.get(i);
            String shardId = shards.shardFor((String) entry.get("PartitionKey"), (String) entry.get("ExplicitHashKey"));
            long bytes = base64DecodedLength((String) entry.get("Data"))
                    + ((String) entry.get("PartitionKey")).getBytes(StandardCharsets.UTF_8).length;
            LimitVerdict verdict = shardId == null ? LimitVerdict.ADMITTED : writes.tryAcquire(stream + "/" + shardId, bytes);
            if (verdict == LimitVerdict.ADMITTED) {
                admitted.add(entry);
            } else {
                count(throttledEntriesByCause, verdict.label());
                rejectedShard[i] = shardId;
                rejected++;
            }
        }
        if (rejected == 0) {
            relay(exchange, forward(exchange, body));
            return;
        }
        throttledEntries.addAndGet(rejected);

        List<Object> upstreamResults = List.of();
        long upstreamFailed = 0;
        Map<String, Object> response = new LinkedHashMap<>();
        if (!admitted.isEmpty()) {
            Map<String, Object> reduced = new LinkedHashMap<>(request);
            reduced.put("Records", admitted);
            HttpResponse<byte[]> reply = forward(exchange, writeBytes(reduced));
            if (reply.statusCode() != 200) {
                relay(exchange, reply); // whole-call error from the server: pass it on as is
                return;
            }
            Map<String, Object> parsed = parseObject(reply.body());
            upstreamResults = (List<Object>) parsed.get("Records");
            upstreamFailed = ((Number) parsed.getOrDefault("FailedRecordCount", 0L)).longValue();
            response.putAll(parsed);
        }
        List<Object> merged = new ArrayList<>(entries.size());
        int next = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (rejectedShard[i] == null) {
                merged.add(upstreamResults.get(next++));
            } else {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("ErrorCode", THROTTLED);
                error.put("ErrorMessage", "Rate exceeded for shard " + rejectedShard[i] + " in stream " + stream
                        + " under account 000000000000.");
                merged.add(error);
            }
        }
        response.put("FailedRecordCount", upstreamFailed + rejected);
        response.put("Records", merged);
        respond(exchange, 200, write(response));
    }

    private void putRecord(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        Map<String, Object> request = parseObject(body);
        String stream = streamName(request);
        ShardMap shards = stream == null ? null : shardMap(stream);
        String partitionKey = (String) request.get("PartitionKey");
        String shardId = shards == null || partitionKey == null
                ? null : shards.shardFor(partitionKey, (String) request.get("ExplicitHashKey"));
        if (shardId != null) {
            long bytes = base64DecodedLength((String) request.get("Data"))
                    + partitionKey.getBytes(StandardCharsets.UTF_8).length;
            LimitVerdict verdict = writes.tryAcquire(stream + "/" + shardId, bytes);
            if (verdict != LimitVerdict.ADMITTED) {
                throttledEntries.incrementAndGet();
                count(throttledEntriesByCause, verdict.label());
                respond(exchange, 400, errorJson(THROTTLED,
                        "Rate exceeded for shard " + shardId + " in stream " + stream + " under account 000000000000."));
                return;
            }
        }
        relay(exchange, forward(exchange, body));
    }

    // ---- reads

    private void getShardIterator(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        Map<String, Object> request = parseObject(body);
        String stream = streamName(request);
        Object shardId = request.get("ShardId");
        HttpResponse<byte[]> reply = forward(exchange, body);
        if (reply.statusCode() == 200 && stream != null && shardId instanceof String id) {
            iterators.remember((String) parseObject(reply.body()).get("ShardIterator"), stream + "/" + id);
        }
        relay(exchange, reply);
    }

    @SuppressWarnings("unchecked")
    private void getRecords(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        String shard = iterators.shardOf((String) parseObject(body).get("ShardIterator"));
        if (shard == null) {
            relay(exchange, forward(exchange, body)); // not learnt here (or invalid): the server judges it
            return;
        }
        getRecordsCalls.incrementAndGet();
        LimitVerdict verdict = reads.tryAdmit(shard);
        if (verdict != LimitVerdict.ADMITTED) {
            throttledReads.incrementAndGet();
            count(throttledReadsByCause, verdict.label());
            count(throttledReadsByClient, client(exchange));
            String[] streamAndShard = shard.split("/", 2);
            respond(exchange, 400, errorJson(THROTTLED, "Rate exceeded for Shard - 000000000000/"
                    + streamAndShard[0] + "/" + streamAndShard[1] + "."));
            return;
        }
        HttpResponse<byte[]> reply = forward(exchange, body);
        if (reply.statusCode() == 200) {
            Map<String, Object> parsed = parseObject(reply.body());
            long bytes = 0;
            for (Map<String, Object> record : (List<Map<String, Object>>) parsed.getOrDefault("Records", List.of())) {
                bytes += base64DecodedLength((String) record.get("Data"));
            }
            reads.charge(shard, bytes);
            iterators.remember((String) parsed.get("NextShardIterator"), shard);
        }
        relay(exchange, reply);
    }

    /** {@code aws-sdk-java/2} etc. from the User-Agent, else its first word. */
    private static String client(HttpExchange exchange) {
        String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
        Matcher m = SDK_MAJOR.matcher(agent);
        return m.find() ? m.group(1) : agent.split(" ", 2)[0];
    }

    // ---- plumbing

    static Map<String, Object> parseObject(byte[] json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] writeBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String streamName(Map<String, Object> request) {
        Object name = request.get("StreamName");
        if (name instanceof String s) {
            return s;
        }
        Object arn = request.get("StreamARN");
        if (arn instanceof String s && s.contains("stream/")) {
            return s.substring(s.indexOf("stream/") + "stream/".length());
        }
        return null;
    }

    /** Shards of a stream, read from the server and cached briefly; null if the stream does not exist. */
    private ShardMap shardMap(String stream) {
        ShardMap cached = shardMaps.get(stream);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < SHARD_MAP_TTL.toNanos()) {
            return cached;
        }
        try {
            List<Shard> shards = new ArrayList<>();
            String token = null;
            do {
                String page = token;
                var response = page == null
                        ? upstreamClient.listShards(b -> b.streamName(stream))
                        : upstreamClient.listShards(b -> b.nextToken(page));
                shards.addAll(response.shards());
                token = response.nextToken();
            } while (token != null);
            ShardMap map = new ShardMap(shards, System.nanoTime());
            shardMaps.put(stream, map);
            return map;
        } catch (ResourceNotFoundException e) {
            shardMaps.remove(stream);
            return null;
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> reply) throws IOException {
        reply.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of(JSON_CONTENT_TYPE));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String errorJson(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("__type", type);
        error.put("message", message);
        return write(error);
    }

    static long base64DecodedLength(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return 0;
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() / 4 * 3 - padding;
    }
}
