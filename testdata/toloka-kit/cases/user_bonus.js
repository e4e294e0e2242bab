// A bonus with a message
result = toloka.UserBonus({user_id: 'u1', amount: '1.50', private_comment: 'good work',
  public_title: {EN: 'Thank you'}, public_message: {EN: 'For the careful answers'},
  without_message: false, assignment_id: 'a1'});
