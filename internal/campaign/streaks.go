package campaign

import "sync"

// streak is how many of a campaign's messages in a row ended failed, as this
// process recorded them, and the last failure's code.
type streak struct {
	n       int
	lastErr string
}

type streaks struct {
	mu sync.Mutex
	m  map[string]*streak
}

// Settled counts a campaign message that ended sent or failed (the
// dispatcher calls it after recording each batch): failures in a row grow
// the streak, a sent message ends it. The feeder's watch pauses the campaign
// once the streak reaches its failure_threshold.
func (s *Service) Settled(campaignID string, failed bool, errorCode string) {
	s.streaks.mu.Lock()
	defer s.streaks.mu.Unlock()
	st := s.streaks.m[campaignID]
	if st == nil {
		st = &streak{}
		s.streaks.m[campaignID] = st
	}
	if !failed {
		st.n = 0
		return
	}
	st.n++
	if errorCode != "" {
		st.lastErr = errorCode
	}
}

func (s *Service) streakOf(id string) (int, string) {
	s.streaks.mu.Lock()
	defer s.streaks.mu.Unlock()
	if st := s.streaks.m[id]; st != nil {
		return st.n, st.lastErr
	}
	return 0, ""
}

func (s *Service) resetStreak(id string) {
	s.streaks.mu.Lock()
	defer s.streaks.mu.Unlock()
	delete(s.streaks.m, id)
}
