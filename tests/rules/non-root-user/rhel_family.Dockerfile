# expect: findings
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5
RUN microdnf install -y shadow-utils java-21-openjdk-headless && microdnf clean all
COPY --from=eclipse-temurin:21 /opt/java/openjdk/release /opt/release
CMD ["java", "-version"]
