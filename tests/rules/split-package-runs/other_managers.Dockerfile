# expect: findings
FROM fedora:41 AS dnf
RUN dnf makecache
RUN dnf install -y httpd && dnf clean all

FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5 AS micro
RUN --mount=type=cache,target=/var/cache/yum microdnf upgrade -y
RUN --mount=type=cache,target=/var/cache/yum microdnf install -y jq

FROM centos:7 AS yum
RUN yum -y makecache; yum -y update
RUN yum install -y git && yum clean all && rm -rf /var/cache/yum

FROM opensuse/leap:15.6
RUN zypper --non-interactive refresh
RUN zypper --non-interactive install -y curl && zypper clean --all
