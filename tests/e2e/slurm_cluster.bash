# A throw-away single-node Slurm cluster for the end-to-end tests (sourced; CTest runs only *.sh).
# start_slurm_cluster DIR: generates a munge key and a slurm.conf under DIR (which must exist and
# be empty), starts munged, slurmctld and slurmd on free localhost ports, waits until the node is
# idle and exports SLURM_CONF. stop_slurm_cluster: stops exactly the daemons it started (by their
# pid files), waits for them to exit; safe to call twice and after a failed start.
# Needs root (slurmd launches jobs) and Debian's slurm-wlm and munge (scripts/install-deps.sh --test).

SLURM_TEST_DIR=""

slurm_free_ports() {  # prints two free TCP ports on localhost
  "${PYTHON:-/usr/bin/python3}" - <<'PY'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
PY
}

start_slurm_cluster() {
  local dir="$1" ctl_port slurmd_port cpus
  SLURM_TEST_DIR="$dir"
  # munged insists: key readable by its owner only, socket folder searchable by everyone.
  mkdir -p "$dir/munge" "$dir/run" "$dir/state" "$dir/spool" "$dir/log"
  chmod 755 "$dir" "$dir/run"
  chmod 700 "$dir/munge"
  head -c 1024 /dev/urandom >"$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  munged --key-file="$dir/munge/munge.key" --socket="$dir/run/munge.socket" \
    --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed" || { echo "munged did not start"; return 1; }
  read -r ctl_port slurmd_port < <(slurm_free_ports)
  # The CPU count slurmd itself detects: a configured count above it would drain the node.
  cpus=$(slurmd -C 2>/dev/null | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' | head -n 1)
  [[ -n "$cpus" ]] || cpus=1
  cat >"$dir/slurm.conf" <<CONF
ClusterName=automixtest
SlurmctldHost=localhost
SlurmctldPort=$ctl_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/run/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=automixnode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=batch Nodes=automixnode Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" || { echo "slurmctld did not start"; return 1; }
  slurmd -f "$SLURM_CONF" -N automixnode || { echo "slurmd did not start"; return 1; }
  local i
  for ((i = 0; i < 60; i++)); do
    if [[ "$(sinfo -h -n automixnode -o %T 2>/dev/null)" == idle ]]; then return 0; fi
    sleep 1
  done
  echo "the Slurm node did not become idle:"; sinfo 2>&1; tail -n 20 "$dir"/log/*.log
  return 1
}

# Stops one daemon by its pid file: SIGTERM, then SIGKILL after 10 s.
slurm_stop_pidfile() {
  local pidfile="$1" pid i
  [[ -s "$pidfile" ]] || return 0
  pid=$(<"$pidfile")
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
}

stop_slurm_cluster() {
  local dir="$SLURM_TEST_DIR"
  [[ -n "$dir" ]] || return 0
  # Jobs of this cluster first (SLURM_CONF names it), so no job step outlives the test; then
  # slurmd, the controller and munge.
  if [[ -s "$dir/run/slurmctld.pid" ]] && kill -0 "$(<"$dir/run/slurmctld.pid")" 2>/dev/null; then
    SLURM_CONF="$dir/slurm.conf" scancel --user=root >/dev/null 2>&1
    local i
    for ((i = 0; i < 50; i++)); do
      [[ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h 2>/dev/null)" ]] && break
      sleep 0.2
    done
  fi
  slurm_stop_pidfile "$dir/run/slurmd.pid"
  slurm_stop_pidfile "$dir/run/slurmctld.pid"
  slurm_stop_pidfile "$dir/run/munged.pid"
  SLURM_TEST_DIR=""
}
