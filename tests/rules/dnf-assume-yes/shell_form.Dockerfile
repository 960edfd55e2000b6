# expect: findings
FROM fedora:41
RUN dnf install httpd && dnf clean all
RUN dnf --setopt=install_weak_deps=False install --nodocs \
        gcc make \
 && dnf remove vim-minimal \
 && dnf clean all
RUN yum update; yum groupinstall "Development Tools"; yum clean all
RUN dnf module install nodejs:20 && dnf group install "C Development Tools" && dnf clean all
RUN sudo -E dnf upgrade && LANG=C env dnf erase nano && dnf clean all
RUN /usr/bin/dnf5 in git && dnf5 clean all
FROM registry.access.redhat.com/ubi9/ubi-minimal:9.5
RUN microdnf install shadow-utils && microdnf clean all
ONBUILD RUN dnf reinstall bash && dnf clean all
