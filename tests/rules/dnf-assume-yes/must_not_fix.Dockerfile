# expect: none
FROM fedora:41
RUN dnf install -y httpd && dnf clean all
RUN dnf -y install httpd && dnf clean all
RUN dnf install --assumeyes httpd && dnf clean all
RUN dnf -qy install httpd && dnf clean all
RUN dnf install --assumeno httpd && dnf clean all
RUN dnf --setopt=assumeyes=True install httpd && dnf clean all
RUN dnf makecache && dnf clean all && dnf list installed && dnf search x && dnf info x
RUN dnf module list && dnf repolist
RUN ["dnf", "install", "httpd"]
RUN sh -c "dnf install httpd"
RUN echo dnf install httpd
RUN $DNF install httpd
RUN dnf install httpd 'unclosed
RUN yum -y update && yum clean all
RUN microdnf -y install tar && microdnf clean all
RUN dnf module enable -y nodejs:20 && dnf clean all
