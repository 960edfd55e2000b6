# escape=`
# expect: findings
FROM centos:7
RUN yum install `
      wget `
 && yum clean all
