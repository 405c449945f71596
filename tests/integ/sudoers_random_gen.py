#!/usr/bin/env python3
"""Random sudoers files for comparing parc with visudo and cvtsudoers.

    sudoers_random_gen.py SEED

Prints a small sudoers file, the same for the same SEED: mostly valid
user specs (runas lists, options, tags, digests, commands of every form)
with a few random insertions and deletions of tokens, aliases, and
Defaults of every binding. tests/integ/sudoers_random.sh runs it.
"""
import random
import sys

r = random.Random(int(sys.argv[1]))
toks = ['alice','bob','%wheel','%#10','#0','+ng','ALL','FOO','BAR_1','!','!!','(',')','(root)','(root:wheel)','(:g)','()',':',',','=',' = ',
 '/bin/ls','/bin/ls -l','/usr/bin/*','sudoedit /etc/motd','sudoedit','"quoted"','""','\\,','NOPASSWD:','PASSWD:','NOEXEC:','SETENV:','LOG_INPUT:',
 'CWD=/tmp','CHROOT=/','TIMEOUT=5m','NOTBEFORE=20240101000000Z','ROLE=r','TYPE=t','^/bin/(a|b)$','sha224:d06a2617c98d377c250edd470fd5e576327748d82915d6e33b5f8db1',
 'host1','10.0.0.1','10.0.0.0/8','fe80::1','list','\\\n ','#comment',' ','\t','User_Alias','Cmnd_Alias','Host_Alias','Runas_Alias','Defaults','Defaults:alice','Defaults@host1','Defaults>root','Defaults!/bin/ls',
 'env_reset','!lecture','env_keep+="A B"','passwd_tries=3','x=y','@include','#include','@includedir']
lines=[]
for _ in range(r.randint(1,4)):
    kind=r.random()
    if kind<0.5:
        # mostly-valid user spec with mutations
        parts=[r.choice(['alice','%wheel','ALL','FOO','#0','+ng','"a b"']), ' ', r.choice(['ALL','host1','FOO','!host1','ALL, !host1']), ' = ']
        for i in range(r.randint(1,3)):
            if i: parts.append(r.choice([', ',' : ALL = ',',']))
            if r.random()<0.4: parts.append(r.choice(['(root) ','(root:wheel) ','(:g) ','() ','(ALL, !bob) ']))
            if r.random()<0.3: parts.append(r.choice(['CWD=/tmp ','TIMEOUT=5m ','CHROOT=/ ','NOTAFTER=20240101000000Z ','ROLE=r TYPE=t ']))
            if r.random()<0.4: parts.append(r.choice(['NOPASSWD: ','PASSWD: ','NOEXEC: ','SETENV: ','LOG_INPUT: NOMAIL: ']))
            if r.random()<0.1: parts.append('sha224:d06a2617c98d377c250edd470fd5e576327748d82915d6e33b5f8db1 ')
            parts.append(r.choice(['/bin/ls','/bin/ls -l *','ALL','!/bin/su','sudoedit /etc/motd','FOO','list','^/bin/(a|b)$','/usr/bin/','/bin/echo a\\,b','/bin/x ""']))
        s=''.join(parts)
        # mutate
        for _ in range(r.randint(0,2)):
            t=r.choice(toks); pos=r.randint(0,len(s))
            if r.random()<0.5: s=s[:pos]+t+s[pos:]
            else: s=s[:pos]+s[pos+r.randint(1,3):]
        lines.append(s)
    elif kind<0.7:
        lines.append(r.choice(['User_Alias','Cmnd_Alias','Host_Alias','Runas_Alias'])+' '+r.choice(['FOO','BAR','X1'])+' = '+r.choice(['a, b','%g, !c','/bin/ls, /bin/cat','host1, 10.0.0.1','ALL'])+r.choice(['',' : Z = q','\\\n  , d']))
    else:
        lines.append(r.choice(['Defaults','Defaults:alice','Defaults@host1','Defaults>root','Defaults!/bin/ls','Defaults:FOO, %g'])+' '+r.choice(['env_reset','!lecture','env_keep+="A B"','passwd_tries=3, !use_pty','secure_path=/bin:/usr/bin','lecture = never','env_delete -= IFS']))
print('\n'.join(lines))
