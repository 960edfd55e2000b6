# escape=`
# expect: findings
FROM opensuse/leap:15.6
RUN zypper install `
      wget `
 && zypper clean --all
