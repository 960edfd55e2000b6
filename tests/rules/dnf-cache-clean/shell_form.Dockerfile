# expect: findings
FROM fedora:41
RUN dnf install -y httpd
RUN dnf install -y gcc \
 && dnf install -y make
RUN dnf install -y git && \
    git --version
RUN dnf clean all && dnf install -y curl
RUN yum -y update; yum -y install wget
RUN sudo -E dnf -y upgrade && echo done
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5
RUN microdnf install -y tar
ONBUILD RUN dnf install -y jq
