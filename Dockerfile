# syntax=docker/dockerfile:1
#
# llm-failover-router container image. Build it in your own CI (no registry is reachable from the development
# machines, so it is verified offline by ContainerImageIT):
#
#   docker build -t llm-failover-router:1.0.0 .
#
# Runtime layout: /app/llm-failover-router.jar, /app/application.properties, /app/routes/*.camel.yaml.
# Override path: mount your own application.properties at /app/application.properties (it wins key by key over the
# packaged defaults) and/or your routes at /app/routes (a Kubernetes ConfigMap; see deploy/kubernetes/).
# Environment variables (LLM_*, CAMEL_MANAGEMENT_*) override both; secrets belong there, never in the image.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY application.properties ./
COPY routes ./routes
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 router \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin router
WORKDIR /app
COPY --from=build /src/target/llm-failover-router-runner.jar /app/llm-failover-router.jar
COPY --chown=10001:10001 application.properties /app/application.properties
COPY --chown=10001:10001 routes /app/routes
USER 10001:10001
# front doors (llm.http.port) and management: health, metrics, Jolokia (camel.management.port)
EXPOSE 8080 9876
# the management server must answer the kubelet's probes on the pod IP, so it binds all interfaces in the container;
# keep port 9876 out of every Service (Jolokia) and restrict it with a NetworkPolicy
ENV CAMEL_MANAGEMENT_HOST=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/app/llm-failover-router.jar"]
