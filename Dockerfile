# Dapur Edge agent: multi-stage, Temurin 17, non-root, /data volume. Builds for linux/amd64 and
# linux/arm64 alike (docker buildx build --platform linux/amd64,linux/arm64 .): the image holds only
# Java bytecode; Netty falls back to NIO where no native transport ships.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY contract/pom.xml contract/
COPY firmware-config/pom.xml firmware-config/
COPY device-drivers/pom.xml device-drivers/
COPY cloud-bridge/pom.xml cloud-bridge/
COPY edge-agent/pom.xml edge-agent/
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -DskipTests package

# the same places as the Debian package (docs/operations.md): the jar in /usr/share/dapur-edge, the command
# /usr/bin/dapur-edge, the configuration /etc/dapur/agent.yaml and its secrets /etc/dapur/environment (mount both,
# or give the secrets as environment variables), the data in /var/lib/dapur
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system dapur && useradd --system --gid dapur --home-dir /var/lib/dapur --shell /usr/sbin/nologin dapur \
    && mkdir -p /var/lib/dapur /etc/dapur && chown dapur:dapur /var/lib/dapur && chmod 0700 /var/lib/dapur
COPY --from=build /src/edge-agent/target/dapur-edge.jar /usr/share/dapur-edge/dapur-edge.jar
COPY packaging/dapur-edge /usr/bin/dapur-edge
COPY scripts/cds-archive.sh /usr/share/dapur-edge/cds-archive.sh
# class-data sharing: a training run of the demo records the classes the agent loads, made by this
# image's own JVM (an archive from another JDK is ignored); ready ~2.9 -> ~2.1 s (docs/PERFORMANCE.md)
RUN /usr/share/dapur-edge/cds-archive.sh /usr/share/dapur-edge/dapur-edge.jar /usr/share/dapur-edge/dapur-edge.jsa 20
USER dapur
VOLUME ["/var/lib/dapur"]
# storage.dir in the configuration should be /var/lib/dapur/data, as the package's (DAPUR_STORAGE_DIR overrides it);
# an image older than these places read /etc/dapur/config.yaml: the command still finds it there, and says so
ENV DAPUR_CLI_JAVA_OPTS="-Xmx64m -XX:+UseParallelGC -XX:ParallelGCThreads=2 -XX:TieredStopAtLevel=1 -Xss512k -XX:TrimNativeHeapInterval=5000 -XX:SharedArchiveFile=/usr/share/dapur-edge/dapur-edge.jsa" \
    DAPUR_STORAGE_DIR=/var/lib/dapur/data DAPUR_JAR=/usr/share/dapur-edge/dapur-edge.jar
EXPOSE 8080 1883
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["/usr/bin/dapur-edge"]
CMD ["run"]
