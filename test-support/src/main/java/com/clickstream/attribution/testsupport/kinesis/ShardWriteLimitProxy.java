package com.clickstream.attribution.testsupport.kinesis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * An HTTP front for a local Kinesis server that enforces the AWS per-shard write limits, because
 * neither local server does: kinesalite 3.3.3 never answers ProvisionedThroughputExceededException,
 * and kinesis-local 0.6.2 only declares the error code (its PutRecords stores every entry; 8
 * concurrent calls of 500 x 3 KB into one shard, 12 MB in ~5 s, all succeeded).
 *
 * <p>Every request is forwarded unchanged except PutRecords and PutRecord. For PutRecords each
 * entry is mapped to its shard the way Kinesis does it (MD5 of the partition key, or the explicit
 * hash key, against the shards' hash-key ranges read from the server) and charged to that shard's
 * token buckets (records/s and bytes/s of data + partition key, each holding one second's worth,
 * refilled continuously). Entries that do not fit are <em>not forwarded</em> and come back with
 * {@code ErrorCode=ProvisionedThroughputExceededException} in their original position, the others
 * go to the server in one call; so, as on AWS, a rejected entry is never stored. A throttled
 * PutRecord gets the whole-call error (HTTP 400, {@code __type ProvisionedThroughputExceededException}).
 */
final class ShardWriteLimitProxy implements AutoCloseable {

    /** AWS: 1,000 records per second per shard for writes. */
    static final int AWS_RECORDS_PER_SECOND = 1000;
    /** AWS: 1 MiB per second per shard for writes (data blob + partition key). */
    static final long AWS_BYTES_PER_SECOND = 1024L * 1024L;

    private static final Logger log = LoggerFactory.getLogger(ShardWriteLimitProxy.class);
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Set<String> HOP_BY_HOP = Set.of(
            "host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
            "keep-alive", "te", "trailer", "proxy-connection", "date");
    private static final Duration SHARD_MAP_TTL = Duration.ofSeconds(2);

    private final URI upstream;
    private final KinesisClient upstreamClient;
    private final int recordsPerSecond;
    private final long bytesPerSecond;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Map<String, ShardMap> shardMaps = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong throttledEntries = new AtomicLong();

    ShardWriteLimitProxy(URI upstream, KinesisClient upstreamClient, int recordsPerSecond, long bytesPerSecond)
            throws IOException {
        if (recordsPerSecond <= 0 || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.upstream = upstream;
        this.upstreamClient = upstreamClient;
        this.recordsPerSecond = recordsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (target.endsWith(".PutRecords")) {
                putRecords(exchange, body);
            } else if (target.endsWith(".PutRecord")) {
                putRecord(exchange, body);
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

    @SuppressWarnings("unchecked")
    private void putRecords(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        Map<String, Object> request = (Map<String, Object>) MiniJson.parse(new String(body, StandardCharsets.UTF_8));
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
            if (shardId == null || bucket(stream, shardId).tryAcquire(bytes)) {
                admitted.add(entry);
            } else {
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
            HttpResponse<byte[]> reply = forward(exchange, MiniJson.write(reduced).getBytes(StandardCharsets.UTF_8));
            if (reply.statusCode() != 200) {
                relay(exchange, reply); // whole-call error from the server: pass it on as is
                return;
            }
            Map<String, Object> parsed = (Map<String, Object>) MiniJson.parse(new String(reply.body(), StandardCharsets.UTF_8));
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
                error.put("ErrorCode", "ProvisionedThroughputExceededException");
                error.put("ErrorMessage", "Rate exceeded for shard " + rejectedShard[i] + " in stream " + stream
                        + " under account 000000000000.");
                merged.add(error);
            }
        }
        response.put("FailedRecordCount", upstreamFailed + rejected);
        response.put("Records", merged);
        respond(exchange, 200, MiniJson.write(response));
    }

    @SuppressWarnings("unchecked")
    private void putRecord(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        Map<String, Object> request = (Map<String, Object>) MiniJson.parse(new String(body, StandardCharsets.UTF_8));
        String stream = streamName(request);
        ShardMap shards = stream == null ? null : shardMap(stream);
        String partitionKey = (String) request.get("PartitionKey");
        String shardId = shards == null || partitionKey == null
                ? null : shards.shardFor(partitionKey, (String) request.get("ExplicitHashKey"));
        if (shardId != null) {
            long bytes = base64DecodedLength((String) request.get("Data"))
                    + partitionKey.getBytes(StandardCharsets.UTF_8).length;
            if (!bucket(stream, shardId).tryAcquire(bytes)) {
                throttledEntries.incrementAndGet();
                respond(exchange, 400, errorJson("ProvisionedThroughputExceededException",
                        "Rate exceeded for shard " + shardId + " in stream " + stream + " under account 000000000000."));
                return;
            }
        }
        relay(exchange, forward(exchange, body));
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

    private TokenBucket bucket(String stream, String shardId) {
        return buckets.computeIfAbsent(stream + "/" + shardId, k -> new TokenBucket(recordsPerSecond, bytesPerSecond));
    }

    /** Shards of a stream, read from the server and cached briefly; null if the stream does not exist. */
    private ShardMap shardMap(String stream) {
        ShardMap cached = shardMaps.get(stream);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos < SHARD_MAP_TTL.toNanos()) {
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

    private static String errorJson(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("__type", type);
        error.put("message", message);
        return MiniJson.write(error);
    }

    static long base64DecodedLength(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return 0;
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() / 4 * 3 - padding;
    }

    /** Open shards of one stream and their hash-key ranges. */
    private static final class ShardMap {
        private final List<Shard> open;
        private final List<BigInteger[]> ranges;
        private final long loadedAtNanos;

        ShardMap(List<Shard> shards, long loadedAtNanos) {
            this.open = new ArrayList<>();
            this.ranges = new ArrayList<>();
            for (Shard shard : shards) {
                if (shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null) {
                    open.add(shard);
                    ranges.add(new BigInteger[] {
                            new BigInteger(shard.hashKeyRange().startingHashKey()),
                            new BigInteger(shard.hashKeyRange().endingHashKey())});
                }
            }
            this.loadedAtNanos = loadedAtNanos;
        }

        String shardFor(String partitionKey, String explicitHashKey) {
            BigInteger hash = explicitHashKey != null ? new BigInteger(explicitHashKey) : md5(partitionKey);
            for (int i = 0; i < open.size(); i++) {
                BigInteger[] range = ranges.get(i);
                if (hash.compareTo(range[0]) >= 0 && hash.compareTo(range[1]) <= 0) {
                    return open.get(i).shardId();
                }
            }
            return null;
        }

        private static BigInteger md5(String partitionKey) {
            try {
                byte[] digest = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
                return new BigInteger(1, digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Two buckets (records, bytes) of one shard, each holding one second's worth, refilled continuously. */
    private static final class TokenBucket {
        private final double recordsPerSecond;
        private final double bytesPerSecond;
        private double records;
        private double bytes;
        private long lastRefillNanos;

        TokenBucket(int recordsPerSecond, long bytesPerSecond) {
            this.recordsPerSecond = recordsPerSecond;
            this.bytesPerSecond = bytesPerSecond;
            this.records = recordsPerSecond;
            this.bytes = bytesPerSecond;
            this.lastRefillNanos = System.nanoTime();
        }

        synchronized boolean tryAcquire(long recordBytes) {
            long now = System.nanoTime();
            double seconds = (now - lastRefillNanos) / 1e9;
            lastRefillNanos = now;
            records = Math.min(recordsPerSecond, records + seconds * recordsPerSecond);
            bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
            if (records >= 1 && bytes >= recordBytes) {
                records -= 1;
                bytes -= recordBytes;
                return true;
            }
            return false;
        }
    }
}
