# Lookup latency against directory size and member-add latency against group
# size, from bench/report.py --plot DIR ... (lookup.dat, member.dat in DIR).
#   gnuplot -e "dir='/tmp/scimd-plot'; out='docs/performance.png'" bench/plot.gp
set terminal pngcairo size 1000,420 font ",10"
set output out
set multiplot layout 1,2
set logscale x
set grid
set key top left
set ylabel "latency (ms)"
set title "userName eq lookup vs directory size"
set xlabel "users in directory"
plot dir."/lookup.dat" using 1:2 with linespoints title "p50", \
     "" using 1:3 with linespoints title "p99"
set title "PATCH add+remove member vs group size"
set xlabel "members in group"
plot dir."/member.dat" using 1:2 with points pt 7 title "p50", \
     "" using 1:3 with points pt 5 title "p99"
unset multiplot
