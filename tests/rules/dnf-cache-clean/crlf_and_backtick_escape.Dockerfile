# escape=`
# expect: findings
FROM centos:7
RUN yum install -y `
      wget `
 && echo done
RUN yum install -y curl; `
    curl --version
