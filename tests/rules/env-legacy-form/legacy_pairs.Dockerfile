# expect: findings
FROM alpine:3.21
ENV JAVA_HOME /opt/java
ENV PATH    $JAVA_HOME/bin:$PATH
ENV GREETING "hello  world"
ENV OPTS -Xmx1g   -Xms256m
ENV EQUALS a=b
ENV SPACED hello\ world
LABEL org.example.description An image with a long description
LABEL version 1.0
ONBUILD ENV FROM_CHILD yes
