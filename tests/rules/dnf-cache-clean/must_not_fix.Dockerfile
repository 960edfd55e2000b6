# expect: none
FROM fedora:41
RUN dnf install -y httpd && dnf clean all
RUN yum install -y httpd && yum clean all
RUN dnf install -y httpd && rm -rf /var/cache/dnf
RUN yum install -y httpd && rm -rf /var/cache/yum/*
RUN microdnf install -y httpd && microdnf clean all
RUN dnf5 install -y httpd && dnf clean all
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd
RUN --mount=type=cache,target=/var/cache/yum,sharing=locked yum install -y httpd
RUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y httpd
RUN --mount=type=cache,target=/var/cache/ dnf install -y httpd
RUN dnf makecache && dnf remove -y vim && dnf list installed
RUN ["dnf", "install", "-y", "httpd"]
RUN sh -c "dnf install -y httpd"
RUN echo dnf install -y httpd
RUN dnf install -y httpd 'unclosed
