# expect: findings
FROM fedora:41 AS deps
RUN dnf install -y gcc make && dnf clean all
FROM deps AS build
COPY . /src
RUN make -C /src

FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5
RUN microdnf install -y git tar && microdnf clean all
RUN yum install -y cmake \
 && yum clean all
COPY --from=build /src/app /usr/local/bin/app
