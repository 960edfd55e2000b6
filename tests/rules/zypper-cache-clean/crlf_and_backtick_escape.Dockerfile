# escape=`
# expect: findings
FROM opensuse/leap:15.6
RUN zypper -n install `
      wget `
 && echo done
