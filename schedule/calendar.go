package schedule

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pmokit/pmokit/pmo"
)

// calendar is a working-day calendar in closed form: a weekly pattern of
// working weekdays and a sorted list of the holidays that fall on working
// weekdays. Time is a float64 number of days since 1970-01-01 00:00 UTC
// (day d covers [d, d+1)); working time is the number of working days
// before an instant, counted from the same origin, with the worked part of
// the current day. Both conversions are O(log holidays), with no table and
// no horizon.
type calendar struct {
	id       string
	work     [7]bool // by position in the week, Monday first
	prefix   [8]int  // prefix[p]: working weekdays among positions 0..p-1
	pos      []int   // the positions of the working weekdays, in order
	perWeek  int
	holidays []int64 // day numbers, sorted, on working weekdays only
}

// standard is the calendar of an activity without one: Monday to Friday,
// no holidays.
func standardCalendar() *calendar {
	c, _ := newCalendar(&pmo.Calendar{})
	return c
}

func newCalendar(pc *pmo.Calendar) (*calendar, error) {
	c := &calendar{id: pc.ID}
	days := pc.WorkingDays
	if len(days) == 0 {
		days = []pmo.Weekday{pmo.Monday, pmo.Tuesday, pmo.Wednesday, pmo.Thursday, pmo.Friday}
	}
	for _, d := range days {
		if d < pmo.Monday || d > pmo.Sunday {
			return nil, fmt.Errorf("schedule: calendar %q: invalid weekday %d", pc.ID, int(d))
		}
		c.work[d-1] = true
	}
	for p := range 7 {
		c.prefix[p+1] = c.prefix[p]
		if c.work[p] {
			c.prefix[p+1]++
			c.pos = append(c.pos, p)
		}
	}
	c.perWeek = c.prefix[7]
	for _, h := range pc.Holidays {
		d := dayNumber(h)
		if c.work[weekPos(d)] {
			c.holidays = append(c.holidays, d)
		}
	}
	slices.Sort(c.holidays)
	c.holidays = slices.Compact(c.holidays)
	return c, nil
}

// dayNumber returns the day of t (in UTC) as days since 1970-01-01.
func dayNumber(t time.Time) int64 {
	return floorDiv(t.Unix(), 86400)
}

// dayTime returns the midnight UTC that starts day d.
func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// weekPos is the position of day d in its week, Monday 0 (1970-01-01 was a
// Thursday, position 3).
func weekPos(d int64) int { return int(d + 3 - 7*floorDiv(d+3, 7)) }

// holidaysBefore returns the number of holidays before day d.
func (c *calendar) holidaysBefore(d int64) int {
	n, _ := slices.BinarySearch(c.holidays, d)
	return n
}

func (c *calendar) isHoliday(d int64) bool {
	_, ok := slices.BinarySearch(c.holidays, d)
	return ok
}

// workBefore returns the number of working days before day d.
func (c *calendar) workBefore(d int64) float64 {
	w := floorDiv(d+3, 7)
	p := int(d + 3 - 7*w)
	return float64(w*int64(c.perWeek)+int64(c.prefix[p])) - float64(c.holidaysBefore(d))
}

// isWork reports whether day d is a working day.
func (c *calendar) isWork(d int64) bool { return c.work[weekPos(d)] && !c.isHoliday(d) }

// W returns the working time at instant t: the working days before it,
// plus the part of its own day worked when that day is a working day.
func (c *calendar) W(t float64) float64 {
	d := int64(math.Floor(t))
	w := c.workBefore(d)
	if f := t - float64(d); f > 0 && c.isWork(d) {
		w += f
	}
	return w
}

// weeklyDay returns the day of the k-th working weekday (0-based) of the
// weekly pattern, holidays ignored.
func (c *calendar) weeklyDay(k int64) int64 {
	w := floorDiv(k, int64(c.perWeek))
	r := k - w*int64(c.perWeek)
	return 7*w + int64(c.pos[r]) - 3
}

// workDay returns the day of the k-th working day (0-based from the
// origin): the weekly pattern's (k+h)-th working weekday, where h is the
// number of holidays up to that day, found by fixed-point iteration.
func (c *calendar) workDay(k int64) int64 {
	if len(c.holidays) == 0 {
		return c.weeklyDay(k)
	}
	h := 0
	for {
		d := c.weeklyDay(k + int64(h))
		n, found := slices.BinarySearch(c.holidays, d)
		if found {
			n++
		}
		if n == h {
			return d
		}
		h = n
	}
}

// startAt returns the instant at which working time w begins: with whole
// w, the start of the next working day.
func (c *calendar) startAt(w float64) float64 {
	k := math.Floor(w)
	return float64(c.workDay(int64(k))) + (w - k)
}

// finishAt returns the instant at which working time w is reached: with
// whole w, the end of the working day that completes it.
func (c *calendar) finishAt(w float64) float64 {
	k := math.Ceil(w) - 1
	return float64(c.workDay(int64(k))) + (w - k)
}
